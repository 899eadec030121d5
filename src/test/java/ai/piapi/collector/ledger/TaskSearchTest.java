package ai.piapi.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.support.PostgresDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's reads (filters, keyset pages, dead letters by reason, oldest open) on H2 and PostgreSQL, and the
 * indexes they are read from.
 */
class TaskSearchTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void filtersAndPagesOnH2() throws Exception {
        try (HikariDataSource h2 = LedgerDatabase.open(LedgerDatabase.embeddedUrl(dir), null, null, 4)) {
            check(h2);
            assertThat(plan(h2, "EXPLAIN SELECT * FROM task WHERE reason = 'not_found' AND task_id > 'a' ORDER BY task_id LIMIT 10"))
                    .containsIgnoringCase("task_reason");
            assertThat(plan(h2, "EXPLAIN SELECT * FROM task WHERE model = 'm-1' ORDER BY task_id LIMIT 10"))
                    .containsIgnoringCase("task_model");
        }
    }

    @Test
    void filtersAndPagesOnPostgres() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.create(); HikariDataSource pg = db.open(4)) {
            check(pg);
            assertThat(plan(pg, "EXPLAIN SELECT * FROM task WHERE reason = 'not_found' AND task_id > 'a' ORDER BY task_id LIMIT 10"))
                    .contains("task_reason").doesNotContain("Sort");
            assertThat(plan(pg, "EXPLAIN SELECT * FROM task WHERE model = 'm-1' ORDER BY task_id LIMIT 10"))
                    .contains("task_model").doesNotContain("Sort");
        }
    }

    /** t-00..t-11 from two sources; t-00..t-03 dead not_found (one per hour), t-04..t-05 dead task_failed, t-06 completed. */
    private static void check(DataSource ds) {
        JdbcLedger ledger = new JdbcLedger(ds);
        TaskSearch search = new TaskSearch(ds);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(String.format("t-%02d", i));
        }
        ledger.admit(ids.subList(0, 6), "a.txt", T0, T0.plusSeconds(86_400));
        ledger.admit(ids.subList(6, 12), "http", T0.plusSeconds(1), T0.plusSeconds(86_400));
        for (int i = 0; i < 4; i++) {
            ledger.settle(ids.get(i), TaskState.DEAD, "not_found", null, T0.plusSeconds(3600L * (i + 1)));
        }
        PollRecord sawModel = new PollRecord(2, 0, T0, null, "failed", 200, null, null, "m-1", "txt2img");
        ledger.settle("t-04", TaskState.DEAD, "task_failed", null, T0.plusSeconds(60), List.of(), sawModel);
        ledger.settle("t-05", TaskState.DEAD, "task_failed", null, T0.plusSeconds(60), List.of(), sawModel);
        ledger.settle("t-06", TaskState.COMPLETED, null, "completed/t-06.json", T0.plusSeconds(60), List.of(), sawModel);

        TaskFilter notFound = new TaskFilter(TaskState.DEAD, "not_found", null, null, null, null, null);
        assertThat(taskIds(search.page(notFound, null, 3))).containsExactly("t-00", "t-01", "t-02");
        assertThat(taskIds(search.page(notFound, "t-02", 3))).containsExactly("t-03");
        assertThat(search.ids(new TaskFilter(null, null, "m-1", null, null, null, null), null, 10)).containsExactly("t-04", "t-05", "t-06");
        assertThat(search.ids(new TaskFilter(TaskState.OPEN, null, null, "http", null, null, null), null, 10))
                .containsExactly("t-07", "t-08", "t-09", "t-10", "t-11");
        assertThat(search.ids(new TaskFilter(null, "not_found", null, null, T0.plusSeconds(7200), T0.plusSeconds(3 * 3600 + 1), null), null, 10))
                .as("settled in [2h, 3h]").containsExactly("t-01", "t-02");
        assertThat(search.ids(new TaskFilter(TaskState.DEAD, null, null, null, null, null, List.of("t-05", "t-06", "t-99")), null, 10))
                .containsExactly("t-05");
        assertThat(search.deadByReason()).containsExactly(Map.entry("not_found", 4L), Map.entry("task_failed", 2L));
        ledger.admit(List.of("t-00"), "replay", T0.plusSeconds(99_999), T0.plusSeconds(186_400));
        assertThat(taskIds(search.oldestOpen(3))).as("reopened last, so newest").containsExactly("t-07", "t-08", "t-09");
        assertThat(taskIds(search.oldestOpen(20))).endsWith("t-00").hasSize(6);
    }

    private static List<String> taskIds(List<TaskRecord> records) {
        return records.stream().map(TaskRecord::taskId).toList();
    }

    private static String plan(DataSource dataSource, String explain) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                st.execute("SET enable_seqscan = off"); // a tiny table is read whole anyway: is the index usable?
            }
            ResultSet rs = st.executeQuery(explain);
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }
}
