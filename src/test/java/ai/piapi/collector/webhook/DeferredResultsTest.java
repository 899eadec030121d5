package ai.piapi.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.PollOutcome;
import ai.piapi.collector.task.Verdict;
import ai.piapi.collector.ledger.ClaimedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeferredResultsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final PollOutcome DONE = new PollOutcome(PollOutcome.Kind.COMPLETED, 200, "completed", null, null, null, "completed", null);

    private final Set<String> free = new HashSet<>();

    private Optional<ClaimedTask> lease(String id, Instant now) {
        return free.remove(id) ? Optional.of(new ClaimedTask(id, 1, 0, NOW, NOW.plusSeconds(3600), NOW.plusSeconds(60), NOW)) : Optional.empty();
    }

    private static Verdict settled(ClaimedTask task) {
        return new CompletedTask(task.taskId(), null, 1);
    }

    @Test
    void settlesAWaitingResultOnceTheLeaseIsFree() {
        DeferredResults deferred = new DeferredResults(10, Duration.ofSeconds(60));
        assertThat(deferred.add("t-1", DONE, NOW)).isTrue();

        assertThat(deferred.retry(NOW.plusSeconds(1), this::lease, (t, o, s, n) -> settled(t))).isEmpty();
        assertThat(deferred.size()).isEqualTo(1);

        free.add("t-1");
        List<Verdict> verdicts = deferred.retry(NOW.plusSeconds(2), this::lease, (t, o, s, n) -> settled(t));

        assertThat(verdicts).extracting(v -> ((CompletedTask) v).taskId()).containsExactly("t-1");
        assertThat(deferred.size()).isZero();
    }

    @Test
    void dropsAResultThatWaitedTooLong() {
        DeferredResults deferred = new DeferredResults(10, Duration.ofSeconds(60));
        deferred.add("t-old", DONE, NOW);

        assertThat(deferred.retry(NOW.plusSeconds(61), this::lease, (t, o, s, n) -> settled(t))).isEmpty();
        assertThat(deferred.size()).isZero();
    }

    @Test
    void isBounded() {
        DeferredResults deferred = new DeferredResults(2, Duration.ofSeconds(60));

        assertThat(deferred.add("a", DONE, NOW)).isTrue();
        assertThat(deferred.add("b", DONE, NOW)).isTrue();
        assertThat(deferred.add("c", DONE, NOW)).isFalse();
        assertThat(deferred.add("a", DONE, NOW)).isTrue(); // the same task again replaces its entry
        assertThat(deferred.size()).isEqualTo(2);
    }
}
