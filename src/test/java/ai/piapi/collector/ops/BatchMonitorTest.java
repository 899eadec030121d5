package ai.piapi.collector.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.settings.BatchSettings;
import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.intake.InboxFilter;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.poll.AuthGate;
import ai.piapi.collector.support.ManualClock;
import ai.piapi.collector.support.MemoryLedger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch mode ends when the work is done, and gives up (exit 3) when an outage outlasts give-up-after. */
class BatchMonitorTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(T0);
    private final AuthGate gate = new AuthGate(Duration.ofSeconds(1), Duration.ofSeconds(30));
    private final Outage ledgerOutage = new Outage("the ledger database (test)", "the stages that need it pause", clock);
    private final Tally tally = new Tally();
    private final AtomicReference<BatchSummary> ended = new AtomicReference<>();
    private HikariDataSource dataSource;
    private JdbcLedger ledger;
    private InboxFilter filter;
    private BatchMonitor monitor;

    @BeforeEach
    void start() throws Exception {
        dataSource = MemoryLedger.open();
        ledger = new JdbcLedger(dataSource);
        filter = new InboxFilter(clock);
        Files.createDirectories(dir.resolve("inbox"));
        monitor = new BatchMonitor(dir.resolve("inbox"), ledger, tally, clock,
                new BatchSettings(Duration.ofMinutes(1), dir.resolve("summary.json")), gate, ledgerOutage, filter, ended::set);
    }

    @AfterEach
    void stop() {
        dataSource.close();
    }

    @Test
    void endsWithZeroOnceNothingIsOpenAndWritesTheSummaryFile() throws Exception {
        ledger.admit(List.of("t-1"), "test", T0, T0.plus(Duration.ofDays(1)));
        tally.admitted(1, 0, 0);
        monitor.checkDone();
        assertThat(ended.get()).as("a task is open").isNull();

        ledger.settle("t-1", ai.piapi.collector.ledger.TaskState.COMPLETED, null, "completed/t-1.json", T0);
        tally.completed();
        clock.advance(Duration.ofSeconds(3));
        monitor.checkDone();

        assertThat(ended.get().exitCode()).isZero();
        assertThat(ended.get().line()).isEqualTo("batch done in 3.0s: 1 completed, 0 dead-lettered, 1 accepted, 0 duplicates,"
                + " 0 polls; exit code 0");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(json.path("exit_code").asInt()).isZero();
        assertThat(json.path("outcome").asText()).isEqualTo("completed");
        assertThat(json.path("completed").asLong()).isEqualTo(1);
        assertThat(json.path("seconds").asDouble()).isEqualTo(3.0);
        assertThat(json.path("started_at").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(json.has("cause")).isFalse();
    }

    @Test
    void givesUpWithThreeWhenPiapiRefusesTheKeyForTheWholeLimit() {
        ledger.admit(List.of("t-1", "t-2"), "test", T0, T0.plus(Duration.ofDays(1)));
        gate.refused(401, T0);

        clock.advance(Duration.ofSeconds(59));
        monitor.checkDone();
        assertThat(ended.get()).isNull();

        clock.advance(Duration.ofSeconds(1));
        monitor.checkDone();
        assertThat(ended.get().exitCode()).isEqualTo(BatchSummary.GAVE_UP);
        assertThat(ended.get().cause()).isEqualTo("PiAPI refused the API key (HTTP 401/403) for 1m; check piapi.api-key");
        assertThat(ended.get().open()).isEqualTo(2);
        assertThat(ended.get().deadLettered()).isZero();
    }

    @Test
    void aKeyAcceptedAgainInTimeStartsTheCountAgain() {
        ledger.admit(List.of("t-1"), "test", T0, T0.plus(Duration.ofDays(1)));
        gate.refused(403, T0);
        clock.advance(Duration.ofSeconds(50));
        gate.accepted();
        gate.refused(403, clock.instant());
        clock.advance(Duration.ofSeconds(50));

        monitor.checkDone();

        assertThat(ended.get()).isNull();
    }

    @Test
    void givesUpWithThreeWhenTheLedgerStaysUnreachable() {
        ledgerOutage.failed(null, "SQLTransientConnectionException", "Connection is not available");
        clock.advance(Duration.ofMinutes(1));

        monitor.checkDone();

        assertThat(ended.get().exitCode()).isEqualTo(BatchSummary.GAVE_UP);
        assertThat(ended.get().cause()).contains("the ledger database (test) is unavailable since").contains("for more than 1m");
        assertThat(ended.get().open()).as("not asked of a ledger that is down").isNull();
    }

    @Test
    void givesUpWithThreeWhenOnlyUnreadableFilesAreLeftInTheInbox() throws Exception {
        Path unreadable = Files.createSymbolicLink(dir.resolve("inbox/locked.txt"), dir.resolve("nowhere"));
        assertThat(filter.readable(unreadable)).as("a scan finds it").isFalse();

        clock.advance(Duration.ofSeconds(30));
        monitor.checkDone();
        assertThat(ended.get()).isNull();

        clock.advance(Duration.ofSeconds(30));
        monitor.checkDone();
        assertThat(ended.get().exitCode()).isEqualTo(BatchSummary.GAVE_UP);
        assertThat(ended.get().cause()).startsWith("the inbox has files it cannot read for 1m: locked.txt (NoSuchFileException");
        assertThat(ended.get().line()).startsWith("batch gave up after 1m: the inbox has files it cannot read");
    }
}
