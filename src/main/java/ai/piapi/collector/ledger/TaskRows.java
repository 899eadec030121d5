package ai.piapi.collector.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Maps a {@code task} row. */
final class TaskRows {
    private TaskRows() {
    }

    static TaskRecord read(ResultSet rs) throws SQLException {
        return new TaskRecord(rs.getString("task_id"), TaskState.ofColumn(rs.getString("state")), rs.getString("source"),
                instant(rs, "first_seen_at"), instant(rs, "deadline_at"), instant(rs, "next_poll_at"),
                rs.getInt("polls"), rs.getInt("transient_errors"), rs.getInt("duplicates"), rs.getInt("reopened"),
                rs.getString("last_status"), (Integer) rs.getObject("last_http_status"), rs.getString("last_error"),
                rs.getString("last_data"), rs.getString("model"), rs.getString("task_type"), rs.getString("reason"),
                rs.getString("location"), instant(rs, "settled_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }
}
