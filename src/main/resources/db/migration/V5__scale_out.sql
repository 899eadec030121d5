-- Scale-out: what instances sharing one ledger coordinate through, besides the task leases of V1.

-- Global poll pacing (collector.poll.max-rate): one row per API key fingerprint. The next poll of that key,
-- by any instance, may start at next_slot_at_us (epoch microseconds) at the earliest.
CREATE TABLE poll_pace (
    bucket          VARCHAR(64)   NOT NULL PRIMARY KEY,
    next_slot_at_us BIGINT        NOT NULL
);

-- Inbox files being read (Camel's idempotent read lock): one instance at a time takes a file. A claim whose
-- owner stopped renewing it (a crash) runs out at claimed_until and another instance may take the file.
CREATE TABLE inbox_claim (
    file_key      VARCHAR(1024) NOT NULL PRIMARY KEY,
    owner         VARCHAR(128)  NOT NULL,
    claimed_until BIGINT        NOT NULL
);
