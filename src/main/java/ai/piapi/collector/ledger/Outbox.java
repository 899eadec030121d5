package ai.piapi.collector.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The transactional outbox: events are written with the ledger change they announce (same transaction), then
 * published and deleted by the publish-events route. Several instances may share it: a claim moves the row's
 * next attempt past a lease, under {@code FOR UPDATE SKIP LOCKED}.
 */
public class Outbox {
    private static final String INSERT = "INSERT INTO outbox (channel, event_key, payload, created_at, next_attempt_at)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String DUE = "SELECT id, channel, event_key, payload, attempts FROM outbox"
            + " WHERE next_attempt_at <= ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String LEASE = "UPDATE outbox SET next_attempt_at = ? WHERE id = ?";
    private static final String RETRY = "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?";

    private final Sql sql;

    public Outbox(DataSource dataSource) {
        this.sql = new Sql(dataSource);
    }

    /** Writes {@code events} on the caller's connection, inside the caller's transaction. */
    static void insert(Connection c, Collection<OutboxEvent> events, Instant now) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (OutboxEvent e : events) {
                Sql.bind(ps, e.channel(), e.key(), e.payload(), now.toEpochMilli(), now.toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Writes {@code events} in a transaction of their own (events that settle no task). */
    public void add(Collection<OutboxEvent> events, Instant now) {
        sql.inTransaction(c -> {
            insert(c, events, now);
            return null;
        });
    }

    /** Up to {@code limit} due events, oldest first, held for this publisher until {@code leaseUntil}. */
    public List<PendingEvent> claimDue(int limit, Instant now, Instant leaseUntil) {
        return sql.inTransaction(c -> {
            List<PendingEvent> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(DUE)) {
                Sql.bind(ps, now.toEpochMilli(), limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new PendingEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(LEASE)) {
                for (PendingEvent e : due) {
                    Sql.bind(ps, leaseUntil.toEpochMilli(), e.id());
                    ps.addBatch();
                }
                if (!due.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return due;
        });
    }

    /** The broker has it: the row goes. */
    public void sent(long id) {
        sql.update("DELETE FROM outbox WHERE id = ?", id);
    }

    /** The publish failed: try again at {@code next}. */
    public void retryAt(long id, int attempts, Instant next, String error) {
        String clipped = error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
        sql.update(RETRY, attempts, next.toEpochMilli(), clipped, id);
    }

    /**
     * Makes every waiting event due now: the claims and backoffs of a crashed run end. Only for the single
     * embedded instance; on a shared ledger another instance's claims are its own.
     */
    public int releaseAll(Instant now) {
        return sql.update("UPDATE outbox SET next_attempt_at = ? WHERE next_attempt_at > ?", now.toEpochMilli(), now.toEpochMilli());
    }

    public long pending() {
        return sql.queryOne("SELECT COUNT(*) FROM outbox", rs -> rs.getLong(1)).orElse(0L);
    }
}
