package ai.piapi.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger operations the HTTP face added, on the embedded H2 file in PostgreSQL mode. */
class JdbcLedgerLeaseTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;
    HikariDataSource dataSource;
    JdbcLedger ledger;

    @BeforeEach
    void open() {
        dataSource = LedgerDatabase.open(LedgerDatabase.embeddedUrl(dir), null, null, 2);
        ledger = new JdbcLedger(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void leasesAnOpenTaskOnlyWhileNobodyElseHoldsIt() {
        ledger.admit(List.of("t-1"), "test", NOW, NOW.plusSeconds(3600));

        assertThat(ledger.lease("t-1", NOW, "hook", NOW.plusSeconds(60))).hasValueSatisfying(t -> {
            assertThat(t.taskId()).isEqualTo("t-1");
            assertThat(t.deadlineAt()).isEqualTo(NOW.plusSeconds(3600));
        });
        assertThat(ledger.lease("t-1", NOW.plusSeconds(1), "other", NOW.plusSeconds(61))).isEmpty();
        assertThat(ledger.claimDue(10, NOW.plusSeconds(1), "poller", NOW.plusSeconds(61))).isEmpty();
        assertThat(ledger.lease("t-1", NOW.plusSeconds(61), "other", NOW.plusSeconds(121))).isPresent(); // expired
    }

    @Test
    void neverLeasesASettledOrUnknownTask() {
        ledger.admit(List.of("t-done"), "test", NOW, NOW.plusSeconds(3600));
        ledger.settle("t-done", TaskState.COMPLETED, null, "/x/t-done.json", NOW);

        assertThat(ledger.lease("t-done", NOW, "hook", NOW.plusSeconds(60))).isEmpty();
        assertThat(ledger.lease("t-never", NOW, "hook", NOW.plusSeconds(60))).isEmpty();
    }

    @Test
    void aLeaseHeldForAPollKeepsTheWebhookOff() {
        ledger.admit(List.of("t-p"), "test", NOW, NOW.plusSeconds(3600));
        assertThat(ledger.claimDue(10, NOW, "poller", NOW.plusSeconds(60))).hasSize(1);

        assertThat(ledger.lease("t-p", NOW.plusSeconds(1), "hook", NOW.plusSeconds(61))).isEmpty();
        ledger.recordPoll("t-p", "poller", new PollRecord(1, 0, NOW.plusSeconds(5), null, "processing", 200, null, null, null, null));
        assertThat(ledger.lease("t-p", NOW.plusSeconds(2), "hook", NOW.plusSeconds(62))).isPresent();
    }

    @Test
    void aPollOfOverlongTextsIsClippedToTheLedgersColumns() throws Exception {
        ledger.admit(List.of("t-long"), "test", NOW, NOW.plusSeconds(3600));
        assertThat(ledger.claimDue(10, NOW, "poller", NOW.plusSeconds(60))).hasSize(1);
        String huge = "m".repeat(5_000);
        var data = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("task_id", "t-long").put("model", huge).put("task_type", huge).put("status", huge);

        boolean recorded = ledger.recordPoll("t-long", "poller",
                PollRecord.of(1, 1, NOW.plusSeconds(5), null, huge, 200, huge, data));

        assertThat(recorded).as("a model name longer than PiAPI's does not fail the poll's write").isTrue();
        assertThat(ledger.find("t-long")).hasValueSatisfying(t -> {
            assertThat(t.lastStatus()).hasSize(PollRecord.STATUS_LIMIT);
            assertThat(t.lastError()).hasSize(PollRecord.ERROR_LIMIT);
            assertThat(t.model()).hasSize(PollRecord.NAME_LIMIT);
            assertThat(t.taskType()).hasSize(PollRecord.NAME_LIMIT);
            assertThat(t.lastData()).isEqualTo(data.toString());
        });
        String small = data.toString();
        var tooBig = data.put("detail", "d".repeat(PollRecord.LAST_DATA_LIMIT));
        assertThat(ledger.claimDue(10, NOW.plusSeconds(6), "poller", NOW.plusSeconds(66))).hasSize(1);
        ledger.recordPoll("t-long", "poller", PollRecord.of(2, 0, NOW.plusSeconds(9), null, "processing", 200, null, tooBig));
        assertThat(ledger.find("t-long")).as("too big to keep: the earlier data stays")
                .hasValueSatisfying(t -> assertThat(t.lastData()).isEqualTo(small));
    }

    @Test
    void listsInTaskIdOrderByStateAfterACursor() {
        ledger.admit(List.of("c", "a", "e", "b", "d"), "test", NOW, NOW.plusSeconds(3600));
        ledger.settle("b", TaskState.DEAD, "task_failed", "/x/b.json", NOW);

        assertThat(ledger.list(null, null, 10)).extracting(TaskRecord::taskId).containsExactly("a", "b", "c", "d", "e");
        assertThat(ledger.list(TaskState.OPEN, null, 2)).extracting(TaskRecord::taskId).containsExactly("a", "c");
        assertThat(ledger.list(TaskState.OPEN, "c", 2)).extracting(TaskRecord::taskId).containsExactly("d", "e");
        assertThat(ledger.list(TaskState.OPEN, "e", 2)).isEmpty();
        assertThat(ledger.list(TaskState.DEAD, null, 10)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("task_failed"));
        assertThat(ledger.list(TaskState.COMPLETED, null, 10)).isEmpty();
    }
}
