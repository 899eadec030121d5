package ai.piapi.collector.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RunTimeScheduleTest {
    private static final Duration TARGET = Duration.ofSeconds(5);
    private static final Duration MAX = Duration.ofSeconds(30);

    private static RunTimeHistogram lognormal(double medianMs, double sigma) {
        Random random = new Random(3);
        return RunTimeHistogram.empty().with(LongStream.range(0, 2_000)
                .map(i -> Math.round(medianMs * Math.exp(sigma * random.nextGaussian()))).toArray());
    }

    private static Duration wait(RunTimeHistogram learned, double elapsedMs, Duration target, Duration max, double spread) {
        return RunTimeSchedule.wait(RunTimeEstimate.of(learned), elapsedMs, target, 0, max, spread);
    }

    @Test
    void neverWaitsPastMaxDelayNorLessThanTheTarget() {
        for (RunTimeHistogram learned : new RunTimeHistogram[] {lognormal(2_000, 0.3), lognormal(20_000, 1.0),
                lognormal(600_000, 0.5), RunTimeHistogram.empty().with(90_000)}) {
            for (long elapsed = 0; elapsed < 3_600_000; elapsed += 997) {
                Duration wait = wait(learned, elapsed, TARGET, MAX, 0);
                assertThat(wait).isBetween(TARGET, MAX);
            }
        }
        assertThat(wait(lognormal(20_000, 1), 0, Duration.ofMinutes(2), MAX, 0))
                .as("a target beyond max-delay still stops at max-delay").isEqualTo(MAX);
    }

    @Test
    void skipsTheStartOfARunWhereTasksRarelyEnd() {
        RunTimeHistogram learned = lognormal(60_000, 0.2); // 1.5% end before about 39 s

        Duration first = wait(learned, 0, TARGET, Duration.ofMinutes(5), 0);

        assertThat(first.toMillis()).isBetween(40_000L, 50_000L);
    }

    @Test
    void pollsEveryTargetDelayWhereMostTasksEnd() {
        RunTimeHistogram learned = lognormal(20_000, 0.8);

        for (long elapsed : new long[] {15_000, 20_000, 25_000}) {
            assertThat(wait(learned, elapsed, TARGET, MAX, 0).toMillis()).isBetween(5_000L, 7_000L);
        }
    }

    @Test
    void widensInTheLongTail() {
        RunTimeHistogram learned = lognormal(20_000, 0.5);

        Duration likely = wait(learned, 20_000, TARGET, MAX, 0);
        Duration tail = wait(learned, 80_000, TARGET, MAX, 0);
        Duration beyond = wait(learned, 3_600_000, TARGET, MAX, 0);

        assertThat(tail).isGreaterThan(likely.multipliedBy(2));
        assertThat(beyond).isEqualTo(MAX);
    }

    @Test
    void spreadShortensOnlyTheSkipAhead() {
        RunTimeHistogram learned = lognormal(60_000, 0.2);

        long full = wait(learned, 0, TARGET, Duration.ofMinutes(5), 0).toMillis();
        long spread = wait(learned, 0, TARGET, Duration.ofMinutes(5), 0.5).toMillis();

        assertThat(spread).isCloseTo(5_000 + (full - 5_000) / 2, org.assertj.core.data.Offset.offset(2L));
    }

    @Test
    void aLongModelIsFoundWithinItsShareOfTheMedianRunTime() {
        RunTimeEstimate tenMinutes = RunTimeEstimate.of(lognormal(600_000, 0.4));
        RunTimeEstimate twentySeconds = RunTimeEstimate.of(lognormal(20_000, 0.8));

        long longModel = RunTimeSchedule.wait(tenMinutes, 600_000, TARGET, 0.07, Duration.ofMinutes(5), 0).toMillis();
        long shortModel = RunTimeSchedule.wait(twentySeconds, 20_000, TARGET, 0.07, MAX, 0).toMillis();

        assertThat(longModel).as("7%% of 10 min, plus the few tasks' gap").isBetween(42_000L, 60_000L);
        assertThat(shortModel).as("7%% of 20 s is below the 5 s target").isBetween(5_000L, 6_500L);
    }
}
