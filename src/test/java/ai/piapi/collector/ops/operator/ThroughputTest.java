package ai.piapi.collector.ops.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.task.PollOutcome;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status page's per-minute series: counts per minute from the sampled counters, gaps where nothing was sampled. */
class ThroughputTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:10Z"));
    private final Tally tally = new Tally();
    private final Throughput throughput = new Throughput(tally, clock);

    @Test
    void countsEachMinuteFromTheCountersAndLeavesGapsWhereNothingWasSampled() {
        throughput.sample(); // 10:00, start: all zero
        work(3, 1, 10);
        clock.advance(Duration.ofSeconds(30));
        throughput.sample(); // still 10:00
        clock.advance(Duration.ofMinutes(1)); // 10:01
        work(2, 0, 5);
        throughput.sample();
        clock.advance(Duration.ofMinutes(2)); // 10:03, nothing sampled at 10:02
        work(1, 2, 4);

        Map<String, List<Long>> hour = throughput.lastHour(); // samples 10:03 itself

        assertThat(hour.get("minutes")).hasSize(60).endsWith(Instant.parse("2026-12-01T10:03:00Z").getEpochSecond());
        assertThat(hour.get("collected").subList(56, 60)).containsExactly(3L, 2L, null, 1L);
        assertThat(hour.get("dead_lettered").subList(56, 60)).containsExactly(1L, 0L, null, 2L);
        assertThat(hour.get("polls").subList(56, 60)).containsExactly(10L, 5L, null, 4L);
        assertThat(hour.get("collected").subList(0, 56)).containsOnlyNulls();
    }

    @Test
    void forgetsWhatIsOlderThanAnHour() {
        throughput.sample();
        work(5, 0, 5);
        throughput.sample();
        clock.advance(Duration.ofMinutes(61));
        work(1, 0, 1);

        Map<String, List<Long>> hour = throughput.lastHour();

        assertThat(hour.get("collected").stream().filter(n -> n != null).toList())
                .as("counted from the last sample before the hour, not from the start").containsExactly(1L);
    }

    private void work(int completed, int dead, int polls) {
        for (int i = 0; i < completed; i++) {
            tally.completed();
        }
        for (int i = 0; i < dead; i++) {
            tally.deadLettered("task_failed");
        }
        for (int i = 0; i < polls; i++) {
            tally.polled(PollOutcome.Kind.RUNNING);
        }
    }
}
