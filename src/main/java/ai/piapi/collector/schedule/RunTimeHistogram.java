package ai.piapi.collector.schedule;

import java.util.Arrays;
import java.util.Locale;

/**
 * Learned run times of one model: a fixed log-scale histogram (100 ms to 48 h in steps of 8%, so a quantile is
 * off by less than one step) whose weights decay by half every {@link #HALF_LIFE} samples, so recent tasks count more
 * and a model that got faster or slower is relearned. Memory is fixed ({@value #BUCKETS} weights) whatever the
 * number of samples. Immutable: {@link #with} returns a new histogram, so readers need no lock.
 */
public final class RunTimeHistogram {
    /** Samples after which an old sample weighs half as much as a new one. */
    public static final int HALF_LIFE = 1_000;
    static final double MIN_MS = 100;
    static final double RATIO = 1.08;
    static final int BUCKETS = 1 + (int) Math.ceil(Math.log(48 * 3_600_000 / MIN_MS) / Math.log(RATIO));
    private static final double DECAY = Math.pow(0.5, 1.0 / HALF_LIFE);
    private static final String FORMAT = "v1";

    private final double[] weights; // bucket 0: below MIN_MS; bucket b: [MIN_MS * RATIO^(b-1), MIN_MS * RATIO^b)
    private final double total;
    private final long samples;

    private RunTimeHistogram(double[] weights, long samples) {
        this.weights = weights;
        this.samples = samples;
        this.total = Arrays.stream(weights).sum();
    }

    public static RunTimeHistogram empty() {
        return new RunTimeHistogram(new double[BUCKETS], 0);
    }

    /** All samples ever taken in (their weights decay, their count does not). */
    public long samples() {
        return samples;
    }

    /** The sum of the decayed weights: at most {@code 1 / (1 - 2^(-1/HALF_LIFE))}, about 1,443. */
    public double weight() {
        return total;
    }

    /** This histogram with {@code runTimesMs} added in order, each new sample decaying the older ones. */
    public RunTimeHistogram with(long... runTimesMs) {
        double[] w = weights.clone();
        int n = runTimesMs.length;
        double older = Math.pow(DECAY, n); // each of the n new samples decays what came before it
        for (int i = 0; i < w.length; i++) {
            w[i] *= older;
        }
        for (int j = 0; j < n; j++) {
            w[bucket(Math.max(0, runTimesMs[j]))] += Math.pow(DECAY, n - 1 - j);
        }
        return new RunTimeHistogram(w, samples + runTimesMs.length);
    }

    /** The run time (ms) below which a share {@code p} (0..1) of the weighted samples fall; 0 when empty. */
    public double quantile(double p) {
        if (total <= 0) {
            return 0;
        }
        double target = Math.min(Math.max(p, 0), 1) * total;
        double below = 0;
        for (int b = 0; b < weights.length; b++) {
            if (weights[b] > 0 && below + weights[b] >= target) {
                double within = (target - below) / weights[b];
                return b == 0 ? MIN_MS * within : lower(b) * Math.pow(RATIO, within);
            }
            below += weights[b];
        }
        return lower(weights.length - 1) * RATIO;
    }

    /** The weighted share of run times at or below {@code ms} (0..1); 0 when empty. */
    public double cdf(double ms) {
        if (total <= 0) {
            return 0;
        }
        int b = bucket(ms);
        double below = 0;
        for (int i = 0; i < b; i++) {
            below += weights[i];
        }
        double within = b == 0 ? ms / MIN_MS : Math.log(ms / lower(b)) / Math.log(RATIO);
        return Math.min(1, (below + weights[b] * Math.min(Math.max(within, 0), 1)) / total);
    }

    /** A compact text form for the ledger: {@code v1;samples;bucket:weight,...} (empty buckets left out). */
    public String encode() {
        StringBuilder out = new StringBuilder(FORMAT).append(';').append(samples).append(';');
        for (int b = 0; b < weights.length; b++) {
            if (weights[b] >= 1e-6) {
                out.append(b).append(':').append(String.format(Locale.ROOT, "%.6g", weights[b])).append(',');
            }
        }
        return out.toString();
    }

    /** Reads {@link #encode}'s form; an unreadable text (a future format, a damaged row) reads as empty. */
    public static RunTimeHistogram decode(String text) {
        try {
            String[] parts = text.split(";", -1);
            if (parts.length != 3 || !parts[0].equals(FORMAT)) {
                return empty();
            }
            double[] w = new double[BUCKETS];
            for (String cell : parts[2].split(",")) {
                if (!cell.isEmpty()) {
                    int colon = cell.indexOf(':');
                    w[Integer.parseInt(cell.substring(0, colon))] = Double.parseDouble(cell.substring(colon + 1));
                }
            }
            return new RunTimeHistogram(w, Long.parseLong(parts[1]));
        } catch (RuntimeException unreadable) {
            return empty();
        }
    }

    /** The decayed weight of bucket {@code b} (see {@link #bucket}). */
    double weightOf(int b) {
        return weights[b];
    }

    static int bucket(double ms) {
        if (ms < MIN_MS) {
            return 0;
        }
        int b = 1 + (int) Math.floor(Math.log(ms / MIN_MS) / Math.log(RATIO));
        return Math.min(b, BUCKETS - 1);
    }

    static double lower(int b) {
        return MIN_MS * Math.pow(RATIO, b - 1);
    }
}
