package ai.piapi.collector.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunTimeEstimateTest {
    private static double[] lognormal(int n, double medianMs, double sigma, long seed) {
        Random random = new Random(seed);
        return java.util.stream.IntStream.range(0, n).mapToDouble(i -> medianMs * Math.exp(sigma * random.nextGaussian())).toArray();
    }

    @Test
    void withNoTaskRunningItIsTheHistogramsOwnDistribution() {
        RunTimeHistogram h = RunTimeHistogram.empty().with(Arrays.stream(lognormal(3_000, 20_000, 0.8, 1)).mapToLong(Math::round).toArray());
        RunTimeEstimate estimate = RunTimeEstimate.of(h);

        for (double p : new double[] {0.01, 0.1, 0.5, 0.9, 0.99}) {
            assertThat(estimate.quantile(p)).as("quantile %s", p).isCloseTo(h.quantile(p), within(h.quantile(p) * 0.001));
            assertThat(estimate.cdf(h.quantile(p))).isCloseTo(p, within(0.001));
        }
    }

    @Test
    void tasksStillRunningCorrectTheShortBiasOfABurst() {
        double[] burst = lognormal(500, 90_000, 0.4, 2); // all started together; we look 100 s in
        long[] ended = Arrays.stream(burst).filter(ms -> ms <= 100_000).mapToLong(Math::round).toArray();
        double[] running = Arrays.stream(burst).filter(ms -> ms > 100_000).map(ms -> 100_000).toArray();
        RunTimeHistogram endedOnly = RunTimeHistogram.empty().with(ended);

        double biased = endedOnly.quantile(0.5);
        double corrected = RunTimeEstimate.of(endedOnly, running).quantile(0.5);

        assertThat(biased).as("what ended by 100 s says: a median of about 70 s").isLessThan(75_000);
        assertThat(corrected).as("with the %d running tasks: the true 90 s", running.length).isCloseTo(90_000, within(90_000 * 0.08));
    }

    @Test
    void tasksRunningLongerThanAnyEndedOneLeaveTheTailOpen() {
        RunTimeHistogram h = RunTimeHistogram.empty().with(java.util.stream.LongStream.range(0, 100).map(i -> 10_000).toArray());
        RunTimeEstimate estimate = RunTimeEstimate.of(h, new double[] {30_000, 40_000, 50_000, 60_000});

        assertThat(estimate.cdf(10_800)).as("at least 4 of 104 run past the ended ones").isLessThanOrEqualTo(100 / 104.0 + 1e-9);
        assertThat(estimate.cdf(3_600_000)).isLessThan(1);
        assertThat(estimate.quantile(0.99)).as("beyond what was seen to end").isGreaterThan(3_600_000);
    }
}
