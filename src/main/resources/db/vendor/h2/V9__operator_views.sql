-- Views for people reading the ledger (psql, Grafana, a BI tool): times as timestamptz instead of epoch
-- milliseconds, JSON as jsonb instead of text, and one name for a task's polls: attempts, as the task API and the
-- dead-letter files say. The tables stay as they are (the collector reads and writes those); the views are
-- read-only. The PostgreSQL twin of this file (db/vendor/postgresql) differs only in how text becomes JSON
-- (H2: FORMAT JSON; a CAST to JSON would make a JSON string of the text).

-- The age of the oldest open task (metric piapi_collector_oldest_open_task_age_seconds) is read from this index.
CREATE INDEX task_open_age ON task (state, opened_at);

CREATE VIEW tasks AS
SELECT task_id,
       state,
       source,
       reason,
       model,
       task_type,
       polls AS attempts,
       transient_errors,
       duplicates,
       reopened,
       last_status,
       last_http_status,
       last_error,
       location,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + first_seen_at * INTERVAL '0.001' SECOND AS first_seen_at,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + opened_at * INTERVAL '0.001' SECOND AS opened_at,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + deadline_at * INTERVAL '0.001' SECOND AS deadline_at,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + next_poll_at * INTERVAL '0.001' SECOND AS next_poll_at,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + settled_at * INTERVAL '0.001' SECOND AS settled_at,
       lease_owner,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + lease_until * INTERVAL '0.001' SECOND AS lease_until,
       last_data FORMAT JSON AS last_data
FROM task;

CREATE VIEW task_history AS
SELECT id,
       task_id,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + event_at * INTERVAL '0.001' SECOND AS event_at,
       kind,
       detail
FROM task_event;

CREATE VIEW pending_events AS
SELECT id,
       channel,
       event_key,
       payload FORMAT JSON AS payload,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + created_at * INTERVAL '0.001' SECOND AS created_at,
       attempts,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + next_attempt_at * INTERVAL '0.001' SECOND AS next_attempt_at,
       last_error
FROM outbox;

CREATE VIEW run_times AS
SELECT model,
       task_type,
       samples,
       TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00' + updated_at * INTERVAL '0.001' SECOND AS updated_at
FROM run_time_stats;
