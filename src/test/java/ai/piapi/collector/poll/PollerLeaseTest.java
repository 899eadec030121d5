package ai.piapi.collector.poll;

import ai.piapi.collector.support.PostgresLedger;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.schedule.Backoff;
import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.RunTimeStore;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.ManualClock;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' pollers on one PostgreSQL ledger: when an instance's lease ran out and another took the task over,
 * the first one's answer (however final) is not handed to delivery, so the task is stored and settled once.
 */
class PollerLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final String COMPLETED = PiapiStub.envelope("t-1", "completed", "{\"code\":0}");
    private static final String FAILED = PiapiStub.envelope("t-1", "failed", "{\"code\":10000,\"message\":\"no\"}");

    @RegisterExtension
    static final PostgresLedger PG = new PostgresLedger(4, "task", "task_event", "run_time_stats", "outbox", "poll_pace",
            "inbox_claim", "inbox_read");
    HikariDataSource dataSource;
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T12:00:00Z"));
    Poller a;
    Poller b;
    JdbcLedger ledger;

    @BeforeEach
    void twoInstances() {
        dataSource = PG.dataSource();
        ledger = new JdbcLedger(dataSource);
        CollectorSettings settings = CollectorSettings.load(k -> Optional.ofNullable(Map.of(
                "piapi.api-key", "pk-test", "collector.ledger.lease", "60s",
                "collector.ledger.url", "jdbc:postgresql://shared-ledger").get(k))); // shared: leases can change hands
        a = poller(settings, "a");
        b = poller(settings, "b");
        ledger.admit(List.of("t-1"), "a.txt", clock.instant(), clock.instant().plus(Duration.ofDays(1)));
    }

    private Poller poller(CollectorSettings settings, String owner) {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30), () -> 0.5);
        return new Poller(settings, new JdbcLedger(dataSource),
                PollPlanner.exponential(backoff, new RunTimeLearner(new RunTimeStore(dataSource), clock)),
                new AuthGate(Duration.ofSeconds(2), Duration.ofSeconds(30)), new Tally(), new ObjectMapper(), clock, owner);
    }

    @Test
    void anInstanceThatLostItsLeaseHandsNoVerdictToDelivery() {
        ClaimedTask byA = a.claimDueTasks().get(0);
        clock.advance(LEASE.plusSeconds(1)); // a stalls past its lease
        ClaimedTask byB = b.claimDueTasks().get(0);

        assertThat(b.onAnswer(byB, 200, COMPLETED, null)).isInstanceOf(CompletedTask.class);
        assertThat(a.onAnswer(byA, 200, COMPLETED, null)).isEqualTo(Poller.LEASE_LOST);
        assertThat(a.onAnswer(byA, 200, FAILED, null)).isEqualTo(Poller.LEASE_LOST);
        assertThat(a.onFailure(byA, new java.net.SocketTimeoutException("late"))).isEqualTo(Poller.RESCHEDULED);
        assertThat(ledger.find("t-1").orElseThrow().polls()).as("only b's poll is recorded").isEqualTo(1);
    }

    @Test
    void aSettledTaskTakesNoLateVerdict() {
        ClaimedTask byA = a.claimDueTasks().get(0);
        clock.advance(LEASE.plusSeconds(1));
        ClaimedTask byB = b.claimDueTasks().get(0);
        assertThat(b.onAnswer(byB, 200, FAILED, null)).isInstanceOf(DeadLetter.class);
        ledger.settle("t-1", TaskState.DEAD, "task_failed", "/dl/t-1.json", clock.instant());

        assertThat(a.onAnswer(byA, 200, COMPLETED, null)).isEqualTo(Poller.LEASE_LOST);
        assertThat(ledger.find("t-1").orElseThrow().state()).isEqualTo(TaskState.DEAD);
    }

    @Test
    void aLeaseThatRanOutWithoutATakeoverStillDelivers() {
        ClaimedTask byA = a.claimDueTasks().get(0);
        clock.advance(LEASE.plusSeconds(1)); // late, but nobody claimed the task in between
        assertThat(a.onAnswer(byA, 200, COMPLETED, null)).isInstanceOf(CompletedTask.class);
        assertThat(b.claimDueTasks()).as("a holds it again until delivery settles it").isEmpty();
    }
}
