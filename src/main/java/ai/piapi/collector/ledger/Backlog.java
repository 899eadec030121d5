package ai.piapi.collector.ledger;

import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What is waiting, for operators: the oldest open task and the events not yet published. Each is one short query
 * (the oldest open task is read from the {@code task_open_age} index, never by scanning the task table).
 */
public class Backlog {
    static final String OLDEST_OPEN = "SELECT opened_at FROM task WHERE state = 'open' ORDER BY opened_at LIMIT 1";

    private final Sql sql;
    private final Outbox outbox;

    public Backlog(DataSource dataSource) {
        this.sql = new Sql(dataSource);
        this.outbox = new Outbox(dataSource);
    }

    /** When the task that has been open longest was taken in (or reopened); empty when no task is open. */
    public Optional<Instant> oldestOpenSince() {
        return sql.queryOne(OLDEST_OPEN, rs -> Instant.ofEpochMilli(rs.getLong(1)));
    }

    /** Events in the outbox, waiting to be published (or retried after a failed publish). */
    public long pendingEvents() {
        return outbox.pending();
    }
}
