package ai.piapi.collector.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The operator's reads of the ledger: filtered pages in task_id order (keyset: a page starts after the last ID of
 * the one before, so pages stay stable while tasks change state), dead letters per reason and the oldest open tasks.
 * One statement each, built from fixed fragments for the filters given (values are bound, never spliced), so the
 * database picks the index of the filter (task_reason, task_model, task_open_age, the primary key).
 */
public class TaskSearch {
    private final Sql sql;

    public TaskSearch(DataSource dataSource) {
        this.sql = new Sql(dataSource);
    }

    /** Up to {@code limit} tasks matching {@code filter} with task_id after {@code after} (null: from the start). */
    public List<TaskRecord> page(TaskFilter filter, String after, int limit) {
        List<TaskRecord> page = new ArrayList<>();
        Query q = where(filter, after);
        q.args.add(limit);
        sql.queryEach("SELECT * FROM task" + q.where + " ORDER BY task_id LIMIT ?", rs -> page.add(TaskRows.read(rs)),
                q.args.toArray());
        return page;
    }

    /** The IDs alone, for a replay that reopens them page by page. */
    public List<String> ids(TaskFilter filter, String after, int limit) {
        List<String> ids = new ArrayList<>();
        Query q = where(filter, after);
        q.args.add(limit);
        sql.queryEach("SELECT task_id FROM task" + q.where + " ORDER BY task_id LIMIT ?", rs -> ids.add(rs.getString(1)),
                q.args.toArray());
        return ids;
    }

    /** Dead-lettered tasks per reason, most first. */
    public Map<String, Long> deadByReason() {
        Map<String, Long> counts = new LinkedHashMap<>();
        sql.queryEach("SELECT reason, COUNT(*) AS n FROM task WHERE state = 'dead' GROUP BY reason ORDER BY n DESC, reason",
                rs -> counts.put(rs.getString(1) == null ? "unknown" : rs.getString(1), rs.getLong(2)));
        return counts;
    }

    /** The {@code limit} open tasks that have waited longest since their intake (or reopen), on task_open_age. */
    public List<TaskRecord> oldestOpen(int limit) {
        List<TaskRecord> oldest = new ArrayList<>();
        sql.queryEach("SELECT * FROM task WHERE state = 'open' ORDER BY opened_at, task_id LIMIT ?",
                rs -> oldest.add(TaskRows.read(rs)), limit);
        return oldest;
    }

    private static Query where(TaskFilter f, String after) {
        Query q = new Query();
        q.and("state = ?", f.state() == null ? null : f.state().column());
        q.and("reason = ?", f.reason());
        q.and("model = ?", f.model());
        q.and("source = ?", f.source());
        q.and("settled_at >= ?", f.settledSince() == null ? null : f.settledSince().toEpochMilli());
        q.and("settled_at < ?", f.settledUntil() == null ? null : f.settledUntil().toEpochMilli());
        if (!f.taskIds().isEmpty()) {
            q.where.append(q.args.isEmpty() ? " WHERE " : " AND ").append("task_id IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(f.taskIds().size(), "?"))).append(')');
            q.args.addAll(f.taskIds());
        }
        q.and("task_id > ?", after);
        return q;
    }

    private static final class Query {
        final StringBuilder where = new StringBuilder();
        final List<Object> args = new ArrayList<>();

        void and(String condition, Object value) {
            if (value != null) {
                where.append(args.isEmpty() ? " WHERE " : " AND ").append(condition);
                args.add(value);
            }
        }
    }
}
