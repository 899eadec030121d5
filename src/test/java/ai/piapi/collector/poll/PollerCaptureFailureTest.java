package ai.piapi.collector.poll;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.schedule.Backoff;
import ai.piapi.collector.task.CaptureFailure;
import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.RunTimeStore;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the poller weighs a failed capture of a completed task, on a real (in-memory H2) ledger. */
class PollerCaptureFailureTest {
    private static final String OWNER = "test@host";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private HikariDataSource dataSource;
    private JdbcLedger ledger;
    private Poller poller;

    @BeforeEach
    void openLedger() {
        dataSource = LedgerDatabase.open("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", null, null, 2);
        ledger = new JdbcLedger(dataSource);
        CollectorSettings settings = CollectorSettings.load(k -> Optional.ofNullable(
                Map.of("piapi.api-key", "pk-test", "collector.max-transient-errors", "3").get(k)));
        Backoff backoff = new Backoff(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30), () -> 0.0);
        PollPlanner planner = PollPlanner.exponential(backoff, new RunTimeLearner(new RunTimeStore(dataSource), clock));
        poller = new Poller(settings, ledger, planner, new AuthGate(Duration.ofSeconds(2), Duration.ofSeconds(30)),
                new Tally(), new ObjectMapper(), clock, OWNER);
        ledger.admit(List.of("t-1"), "test", clock.instant(), clock.instant().plus(Duration.ofHours(24)));
    }

    @AfterEach
    void closeLedger() {
        dataSource.close();
    }

    /** Claims the task, polls it completed, and reports its capture failed with {@code failure}. */
    private Object pollCompletedThenFailCapture(CaptureFailure failure) {
        clock.advance(Duration.ofMinutes(5));
        List<ClaimedTask> claimed = ledger.claimDue(1, clock.instant(), OWNER, clock.instant().plus(Duration.ofSeconds(60)));
        assertThat(claimed).hasSize(1);
        Object verdict = poller.onAnswer(claimed.get(0), 200, PiapiStub.envelope("t-1", "completed", "null"), null);
        assertThat(verdict).isInstanceOf(CompletedTask.class);
        return poller.onCaptureFailure(claimed.get(0), (CompletedTask) verdict, failure);
    }

    private TaskRecord row() {
        return ledger.find("t-1").orElseThrow();
    }

    @Test
    void countsARetryableFailureAsATransientErrorAndPollsAgainAfterABackoff() {
        Object verdict = pollCompletedThenFailCapture(new CaptureFailure("output.image_url: HTTP 404 from https://h", true, 404));

        assertThat(verdict).isEqualTo(Poller.RESCHEDULED);
        assertThat(row().state()).isEqualTo(TaskState.OPEN);
        assertThat(row().transientErrors()).isEqualTo(1);
        assertThat(row().polls()).isEqualTo(1);
        assertThat(row().nextPollAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(2)));
        assertThat(row().lastError()).isEqualTo("output capture failed: output.image_url: HTTP 404 from https://h");
        assertThat(ledger.claimDue(1, clock.instant().plusSeconds(2), OWNER, clock.instant().plusSeconds(60))).hasSize(1);
    }

    @Test
    void deadLettersCaptureFailedWithTheTaskAfterMaxTransientErrors() {
        CaptureFailure notFound = new CaptureFailure("output.image_url: HTTP 404 from https://h", true, 404);
        assertThat(pollCompletedThenFailCapture(notFound)).isEqualTo(Poller.RESCHEDULED);
        assertThat(pollCompletedThenFailCapture(notFound)).isEqualTo(Poller.RESCHEDULED);

        Object verdict = pollCompletedThenFailCapture(notFound);

        assertThat(verdict).isInstanceOfSatisfying(DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo("capture_failed");
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(dead.httpStatus()).isEqualTo(404);
            assertThat(dead.detail()).isEqualTo("3 capture attempts failed, the last: output capture failed: "
                    + "output.image_url: HTTP 404 from https://h");
            assertThat(dead.task().path("status").asText()).isEqualTo("completed");
            assertThat(dead.task().path("config").path("webhook_config").path("secret").asText()).isEqualTo("***");
        });
        assertThat(row().state()).as("the dead-letter route settles it").isEqualTo(TaskState.OPEN);
        assertThat(ledger.claimDue(1, clock.instant().plusSeconds(30), OWNER, clock.instant().plusSeconds(90)))
                .as("leased until the dead letter is written").isEmpty();
    }

    @Test
    void deadLettersAtOnceWhenRetryingCannotHelp() {
        Object verdict = pollCompletedThenFailCapture(CaptureFailure.permanent("output.video_url: refused http://10.0.0.1: private"));

        assertThat(verdict).isInstanceOfSatisfying(DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo("capture_failed");
            assertThat(dead.attempts()).isEqualTo(1);
            assertThat(dead.detail()).endsWith("(not retried)");
        });
    }

    @Test
    void aCaptureHeldLeaseCanBeExtendedOnlyByItsOwner() {
        clock.advance(Duration.ofMinutes(5));
        ledger.claimDue(1, clock.instant(), OWNER, clock.instant().plusSeconds(60));
        Instant later = clock.instant().plusSeconds(600);

        assertThat(ledger.extendLease("t-1", "someone-else", later)).isFalse();
        assertThat(ledger.extendLease("t-1", OWNER, later)).isTrue();
        assertThat(ledger.claimDue(1, clock.instant().plusSeconds(300), OWNER, later)).isEmpty();
        assertThat(ledger.claimDue(1, later.plusMillis(1), OWNER, later.plusSeconds(60))).hasSize(1);
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
