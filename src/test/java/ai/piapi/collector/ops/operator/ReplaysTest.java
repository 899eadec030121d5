package ai.piapi.collector.ops.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.piapi.collector.http.RequestRefused;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ledger.TaskSearch;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.ManualClock;
import ai.piapi.collector.support.PostgresDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay against the real ledger on H2 and PostgreSQL: exactly the chosen dead letters reopen, page after page. */
class ReplaysTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void reopensExactlyTheChosenDeadLettersOnH2() throws Exception {
        try (HikariDataSource h2 = LedgerDatabase.open(LedgerDatabase.embeddedUrl(dir), null, null, 4)) {
            check(h2);
        }
    }

    @Test
    void reopensExactlyTheChosenDeadLettersOnPostgres() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.create(); HikariDataSource pg = db.open(4)) {
            check(pg);
        }
    }

    /** More dead letters of one reason than a page (1,100 of capture_failed), 10 of not_found, a window in between. */
    private static void check(DataSource ds) throws Exception {
        JdbcLedger ledger = new JdbcLedger(ds);
        ManualClock clock = new ManualClock(T0.plusSeconds(7200));
        Tally tally = new Tally();
        Replays replays = new Replays(new TaskSearch(ds), ledger, Duration.ofHours(24), tally, new ObjectMapper(), clock);
        List<String> capture = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            capture.add(String.format("cap-%04d", i));
        }
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lost.add("lost-" + i);
        }
        ledger.admit(capture, "a.txt", T0, T0.plusSeconds(86_400));
        ledger.admit(lost, "b.txt", T0, T0.plusSeconds(86_400));
        deadLetterAll(ds, "cap-%", "capture_failed", T0.plusSeconds(60)); // one statement: settling them one by one takes seconds
        for (int i = 0; i < lost.size(); i++) {
            ledger.settle(lost.get(i), TaskState.DEAD, "not_found", null, T0.plusSeconds(600 + 60L * i));
        }

        Replays.Answer window = replays.replay("{\"since\": \"" + T0.plusSeconds(600 + 120) + "\", \"until\": \"" + T0.plusSeconds(600 + 240) + "\"}");
        Replays.Answer byReason = replays.replay("{\"reason\": \"capture_failed\"}");

        assertThat(window.task_ids()).containsExactly("lost-2", "lost-3");
        assertThat(byReason.replayed()).isEqualTo(1100);
        assertThat(byReason.task_ids()).hasSize(1000).startsWith("cap-0000").endsWith("cap-0999");
        assertThat(byReason.more()).isTrue();
        assertThat(ledger.countByState().get(TaskState.OPEN)).isEqualTo(1102);
        assertThat(ledger.countByState().get(TaskState.DEAD)).isEqualTo(8);
        assertThat(ledger.find("cap-1099").orElseThrow().deadlineAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(ledger.find("cap-1099").orElseThrow().nextPollAt()).isEqualTo(clock.instant());
        assertThat(tally.reopened()).isEqualTo(1102);
        assertThat(history(ds, "cap-0042")).containsExactly("admitted a.txt", "dead_lettered capture_failed", "reopened replay");
        assertThat(replays.replay("{\"reason\": \"capture_failed\"}").replayed()).isZero();
        assertThatThrownBy(() -> replays.replay("[\"cap-1\"]")).isInstanceOf(RequestRefused.class);
        assertThatThrownBy(() -> replays.replay("{\"reason\": \"capture_faild\"}")).isInstanceOf(RequestRefused.class)
                .hasMessageStartingWith("reason must be one of");
        assertThatThrownBy(() -> replays.replay("{\"reason\": 7, \"task_ids\": \"x\"}")).isInstanceOf(RequestRefused.class);
    }

    private static void deadLetterAll(DataSource ds, String like, String reason, Instant at) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE task SET state = 'dead', reason = '" + reason + "', settled_at = " + at.toEpochMilli()
                    + " WHERE task_id LIKE '" + like + "'");
            st.executeUpdate("INSERT INTO task_event (task_id, event_at, kind, detail) SELECT task_id, settled_at,"
                    + " 'dead_lettered', reason FROM task WHERE task_id LIKE '" + like + "'");
        }
    }

    private static List<String> history(DataSource ds, String taskId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT kind, detail FROM task_event WHERE task_id = '" + taskId + "' ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }
}
