package ai.piapi.collector.ledger;

import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * When each inbox file was first read, kept in the ledger. A file read again after a crash passes the time of its
 * first read to {@link Ledger#admit(java.util.Collection, String, Instant, Instant, Instant)}, so its second read
 * admits only what the first did not, and tasks dead-lettered in between stay dead (they come back only in a new file).
 */
public class InboxReads {
    static final Duration KEEP = Duration.ofDays(30);
    private static final String FIRST = "INSERT INTO inbox_read (file_key, first_read_at) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String READ = "SELECT first_read_at FROM inbox_read WHERE file_key = ?";
    private static final String PRUNE = "DELETE FROM inbox_read WHERE first_read_at < ?";

    private final Sql sql;

    public InboxReads(DataSource dataSource) {
        this.sql = new Sql(dataSource);
    }

    /** The time {@code fileKey} was first read: {@code now} when this is its first read. */
    public Instant firstRead(String fileKey, Instant now) {
        String key = InboxClaims.stored(fileKey);
        if (sql.update(FIRST, key, now.toEpochMilli()) == 1) {
            sql.update(PRUNE, now.minus(KEEP).toEpochMilli());
            return now;
        }
        return sql.queryOne(READ, rs -> Instant.ofEpochMilli(rs.getLong(1)), key).orElse(now);
    }
}
