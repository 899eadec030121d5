package ai.piapi.collector.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The ledger's admission statements, set-based: inserted, reopened or counted as duplicates, with their history rows. */
final class Admissions {
    private static final String INSERT = "INSERT INTO task (task_id, state, source, first_seen_at, opened_at, deadline_at,"
            + " next_poll_at) VALUES (?, 'open', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String REOPEN = "UPDATE task SET state = 'open', opened_at = ?, deadline_at = ?, next_poll_at = ?,"
            + " polls = 0, transient_errors = 0, reason = NULL, location = NULL, settled_at = NULL,"
            + " reopened = reopened + 1, lease_owner = NULL, lease_until = NULL WHERE task_id = ? AND state = 'dead'"
            + " AND (CAST(? AS BIGINT) IS NULL OR settled_at <= ?)";
    private static final String DUPLICATE = "UPDATE task SET duplicates = duplicates + 1 WHERE task_id = ?";
    private static final String EVENT = "INSERT INTO task_event (task_id, event_at, kind, detail) VALUES (?, ?, ?, ?)";

    private Admissions() {
    }

    /** Admits {@code taskIds} in {@code c}'s transaction; {@code reopenDeadUntil}: see {@link Ledger#admit}. */
    static AdmitResult admit(Connection c, Collection<String> taskIds, String source, Instant now, Instant deadline,
                             Instant reopenDeadUntil) throws SQLException {
        Object cutoff = reopenDeadUntil == null ? Sql.NULL_BIGINT : reopenDeadUntil.toEpochMilli();
        List<String> ids = new ArrayList<>(taskIds);
        Collections.sort(ids); // neighbouring keys share index pages: fewer pages written per commit
        long at = now.toEpochMilli();
        int[] inserted = batch(c, INSERT, ids, (ps, id) -> Sql.bind(ps, id, source, at, at, deadline.toEpochMilli(), at));
        List<String> existing = pick(ids, inserted, false);
        int[] reopened = batch(c, REOPEN, existing, (ps, id) -> Sql.bind(ps, at, deadline.toEpochMilli(), at, id,
                cutoff, cutoff));
        List<String> duplicates = pick(existing, reopened, false);
        batch(c, DUPLICATE, duplicates, (ps, id) -> Sql.bind(ps, id));
        batch(c, EVENT, pick(ids, inserted, true), (ps, id) -> Sql.bind(ps, id, at, "admitted", source));
        batch(c, EVENT, pick(existing, reopened, true), (ps, id) -> Sql.bind(ps, id, at, "reopened", source));
        return new AdmitResult(ids.size() - existing.size(), existing.size() - duplicates.size(), duplicates.size());
    }

    /** One history row of a task. */
    static void event(Connection c, String taskId, Instant at, String kind, String detail) throws SQLException {
        batch(c, EVENT, List.of(taskId), (ps, id) -> Sql.bind(ps, id, at.toEpochMilli(), kind, detail));
    }

    private static <T> int[] batch(Connection c, String statement, Collection<T> items, Sql.Binder<T> binder)
            throws SQLException {
        if (items.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            for (T item : items) {
                binder.bind(ps, item);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /** The items whose update count was (or was not) positive, in order. */
    private static List<String> pick(Collection<String> items, int[] counts, boolean changed) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String item : items) {
            if ((counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO) == changed) {
                out.add(item);
            }
            i++;
        }
        return out;
    }
}
