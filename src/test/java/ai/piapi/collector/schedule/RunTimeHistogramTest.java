package ai.piapi.collector.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RunTimeHistogramTest {
    private static final Random RANDOM = new Random(11);

    private static long[] lognormal(int n, double medianMs, double sigma) {
        return LongStream.range(0, n).map(i -> Math.round(medianMs * Math.exp(sigma * RANDOM.nextGaussian()))).toArray();
    }

    private static double trueQuantile(double medianMs, double sigma, double z) {
        return medianMs * Math.exp(sigma * z);
    }

    @Test
    void convergesOnALogNormalDistribution() {
        RunTimeHistogram h = RunTimeHistogram.empty().with(lognormal(5_000, 20_000, 0.8));

        // about 1,440 samples carry the weight (half-life 1,000): quantiles within sampling noise of the truth
        assertThat(h.quantile(0.5)).isCloseTo(20_000, within(20_000 * 0.15));
        assertThat(h.quantile(0.1)).isCloseTo(trueQuantile(20_000, 0.8, -1.2816), within(trueQuantile(20_000, 0.8, -1.2816) * 0.2));
        assertThat(h.quantile(0.9)).isCloseTo(trueQuantile(20_000, 0.8, 1.2816), within(trueQuantile(20_000, 0.8, 1.2816) * 0.2));
        assertThat(h.samples()).isEqualTo(5_000);
    }

    @Test
    void aFixedRunTimeIsKnownWithinTheBucketPrecision() {
        RunTimeHistogram h = RunTimeHistogram.empty().with(LongStream.generate(() -> 90_000).limit(100).toArray());

        for (double p : new double[] {0.05, 0.5, 0.95}) {
            assertThat(h.quantile(p)).isCloseTo(90_000, within(90_000 * 0.08));
        }
        assertThat(h.cdf(80_000)).isZero();
        assertThat(h.cdf(100_000)).isEqualTo(1.0);
    }

    @Test
    void cdfAndQuantileAreInverses() {
        RunTimeHistogram h = RunTimeHistogram.empty().with(lognormal(2_000, 5_000, 1.0));

        for (double p = 0.05; p < 1; p += 0.1) {
            assertThat(h.cdf(h.quantile(p))).isCloseTo(p, within(0.01));
        }
    }

    @Test
    void memoryStaysBoundedWhateverTheNumberOfSamples() {
        RunTimeHistogram small = RunTimeHistogram.empty().with(lognormal(1_000, 20_000, 1.5));
        RunTimeHistogram large = small;
        for (int i = 0; i < 100; i++) {
            large = large.with(lognormal(10_000, 20_000, 1.5));
        }

        double ceiling = 1 / (1 - Math.pow(0.5, 1.0 / RunTimeHistogram.HALF_LIFE));
        assertThat(large.samples()).isEqualTo(1_001_000);
        assertThat(large.weight()).isLessThanOrEqualTo(ceiling + 1e-6);
        assertThat(large.encode().length()).isLessThanOrEqualTo(RunTimeHistogram.BUCKETS * 20).isLessThan(8000);
        // times beyond the range land in its end buckets instead of growing it
        RunTimeHistogram extremes = RunTimeHistogram.empty().with(0, 1, 7L * 24 * 3_600_000, Long.MAX_VALUE / 4);
        assertThat(extremes.encode().length()).isLessThan(200);
    }

    @Test
    void oldSamplesFadeSoAChangedModelIsRelearned() {
        int settled = 10 * RunTimeHistogram.HALF_LIFE; // old enough that the weights no longer grow
        RunTimeHistogram h = RunTimeHistogram.empty().with(LongStream.generate(() -> 10_000).limit(settled).toArray());

        RunTimeHistogram halfway = h.with(LongStream.generate(() -> 60_000).limit(RunTimeHistogram.HALF_LIFE).toArray());
        assertThat(halfway.cdf(30_000)).as("one half-life later the old samples weigh half").isCloseTo(0.5, within(0.02));

        RunTimeHistogram relearned = halfway.with(LongStream.generate(() -> 60_000).limit(4L * RunTimeHistogram.HALF_LIFE).toArray());
        assertThat(relearned.quantile(0.1)).isCloseTo(60_000, within(60_000 * 0.08));
    }

    @Test
    void survivesItsTextFormAndReadsGarbageAsEmpty() {
        RunTimeHistogram h = RunTimeHistogram.empty().with(lognormal(500, 45_000, 0.6));

        RunTimeHistogram back = RunTimeHistogram.decode(h.encode());

        assertThat(back.samples()).isEqualTo(500);
        assertThat(back.quantile(0.5)).isCloseTo(h.quantile(0.5), within(h.quantile(0.5) * 1e-4));
        assertThat(RunTimeHistogram.decode("v9;1;2:3").samples()).isZero();
        assertThat(RunTimeHistogram.decode("v1;x;").samples()).isZero();
        assertThat(RunTimeHistogram.decode("").quantile(0.5)).isZero();
        assertThat(RunTimeHistogram.decode("v1;3;999:1.0").samples()).isZero();
    }
}
