package ai.piapi.collector.bench;

import ai.piapi.collector.ledger.LedgerDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/** Reads a stopped collector's ledger: per task, first seen, settled, polls. */
record LedgerRows(Map<String, Row> rows) {
    record Row(long firstSeenAt, long settledAt, int polls, String state) {
    }

    static LedgerRows read(Path stateDir) throws Exception {
        Map<String, Row> rows = new HashMap<>();
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(stateDir), null, null, 1);
             Connection c = ds.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT task_id, first_seen_at, COALESCE(settled_at, 0), polls, state FROM task")) {
            while (rs.next()) {
                rows.put(rs.getString(1), new Row(rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getString(5)));
            }
        }
        return new LedgerRows(rows);
    }

    /** Tasks per second from the first intake to the last settle. */
    double throughput() {
        long first = rows.values().stream().mapToLong(Row::firstSeenAt).min().orElse(0);
        long last = rows.values().stream().mapToLong(Row::settledAt).max().orElse(0);
        return rows.size() / Math.max(0.001, (last - first) / 1000.0);
    }
}
