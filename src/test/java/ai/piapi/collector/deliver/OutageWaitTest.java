package ai.piapi.collector.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.task.HeldVerdicts;
import ai.piapi.collector.domain.StorageUnavailable;
import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.MemoryLedger;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A verdict waiting out an outage: backoff, its lease kept, let go when the task is no longer ours or on stop. */
class OutageWaitTest {
    private static final String OWNER = "me@host";

    private HikariDataSource dataSource;
    private JdbcLedger ledger;
    private final HeldVerdicts held = new HeldVerdicts(Clock.systemUTC());

    @BeforeEach
    void open() {
        dataSource = MemoryLedger.open();
        ledger = new JdbcLedger(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private OutageWait waiting(Duration maxWait) {
        return new OutageWait(ledger, OWNER, Duration.ofMinutes(1), maxWait, held, Clock.systemUTC());
    }

    private ClaimedTask claimed(String id) {
        Instant now = Instant.now();
        ledger.admit(List.of(id), "test", now.minusSeconds(1), now.plus(Duration.ofDays(1)));
        return ledger.claimDue(1, now, OWNER, now.plusSeconds(60)).get(0);
    }

    @Test
    void waitsLongerEachTimeUpToItsCapAndAThirdOfALease() {
        OutageWait wait = waiting(Duration.ofSeconds(30));

        assertThat(List.of(wait.waitBefore(1), wait.waitBefore(2), wait.waitBefore(3), wait.waitBefore(6), wait.waitBefore(40)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(20),
                        Duration.ofSeconds(20));
    }

    @Test
    void keepsTheTaskLeasedAndHeldWhileItWaits() {
        ClaimedTask task = claimed("t-1");
        Instant before = ledger.find("t-1").orElseThrow().nextPollAt();

        String next = waiting(Duration.ofMillis(50)).pause(task, new StorageUnavailable("disk full", new IOException()), 0);

        assertThat(next).isEqualTo(OutageWait.AGAIN);
        assertThat(held.isHeld("t-1")).isTrue();
        assertThat(ledger.find("t-1").orElseThrow().nextPollAt()).as("lease extended").isAfter(before);
    }

    @Test
    void letsTheVerdictGoWhenTheTaskIsNoLongerThisInstances() {
        ClaimedTask task = claimed("t-2");
        ledger.settle("t-2", TaskState.COMPLETED, null, "elsewhere", Instant.now()); // another instance delivered it

        assertThat(waiting(Duration.ofMillis(50)).pause(task, new StorageUnavailable("disk full", new IOException()), 0))
                .isEqualTo(OutageWait.DONE);
        assertThat(held.isHeld("t-2")).isFalse();
    }

    @Test
    void isNotForFailuresThatAreNotOutages() {
        assertThat(waiting(Duration.ofMillis(50)).pause(claimed("t-3"), new IllegalStateException("a bug"), 0))
                .isEqualTo(OutageWait.DONE);
    }

    @Test
    void stoppingEndsEveryWaitAtOnce() throws Exception {
        OutageWait wait = waiting(Duration.ofMinutes(10));
        ClaimedTask task = claimed("t-4");
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(
                () -> wait.pause(task, new StorageUnavailable("bucket away", new IOException()), 10));

        wait.stop();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(OutageWait.DONE);
    }
}
