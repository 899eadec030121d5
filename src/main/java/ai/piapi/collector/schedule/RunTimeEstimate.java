package ai.piapi.collector.schedule;

/**
 * A model's run-time distribution as the schedule uses it: the learned run times of ended tasks, corrected for the
 * tasks still running (the Kaplan-Meier estimator). Learning only from ended tasks is biased short while a burst is
 * under way: its short tasks have ended and taught us, its long ones are still running and have not. Each running
 * task counts as "ran at least this long", as much as one new sample, so a burst does not make the schedule poll
 * its own long tasks too soon. With no task running, this is the histogram's own distribution.
 */
public final class RunTimeEstimate {
    private final double[] cdf; // share ended by the end of each bucket of RunTimeHistogram

    private RunTimeEstimate(double[] cdf) {
        this.cdf = cdf;
    }

    /** The histogram's distribution as it is. */
    public static RunTimeEstimate of(RunTimeHistogram ended) {
        return of(ended, new double[0]);
    }

    /** {@code ended}, with tasks still running for {@code runningMs} each (their run time so far). */
    public static RunTimeEstimate of(RunTimeHistogram ended, double[] runningMs) {
        int buckets = RunTimeHistogram.BUCKETS;
        double[] stillRunning = new double[buckets];
        for (double ms : runningMs) {
            stillRunning[RunTimeHistogram.bucket(ms)] += 1;
        }
        double atRisk = ended.weight();
        for (double w : stillRunning) {
            atRisk += w;
        }
        double[] cdf = new double[buckets];
        double surviving = 1;
        for (int b = 0; b < buckets; b++) {
            double endedHere = ended.weightOf(b);
            if (atRisk > 1e-12 && endedHere > 0) {
                surviving *= 1 - endedHere / atRisk;
            }
            cdf[b] = 1 - surviving;
            atRisk -= endedHere + stillRunning[b];
        }
        return new RunTimeEstimate(cdf);
    }

    /**
     * The share of tasks whose end the data covers: 1 unless tasks run longer than the longest one seen to end
     * (then the rest of the distribution is not known yet, and {@link #quantile} is only meaningful up to this).
     */
    public double known() {
        return cdf[cdf.length - 1];
    }

    /** The share of tasks ended within {@code ms} of run time (0..1). */
    public double cdf(double ms) {
        int b = RunTimeHistogram.bucket(Math.max(0, ms));
        double before = b == 0 ? 0 : cdf[b - 1];
        double within = b == 0 ? ms / RunTimeHistogram.MIN_MS
                : Math.log(ms / RunTimeHistogram.lower(b)) / Math.log(RunTimeHistogram.RATIO);
        return before + (cdf[b] - before) * Math.min(Math.max(within, 0), 1);
    }

    /**
     * The run time (ms) within which a share {@code p} of tasks end; past what was ever seen to end (tasks running
     * longer than any ended one), the histogram's upper end.
     */
    public double quantile(double p) {
        double share = Math.min(Math.max(p, 0), 1);
        for (int b = 0; b < cdf.length; b++) {
            if (cdf[b] >= share && cdf[b] > 0) {
                double before = b == 0 ? 0 : cdf[b - 1];
                double within = (share - before) / (cdf[b] - before);
                return b == 0 ? RunTimeHistogram.MIN_MS * within
                        : RunTimeHistogram.lower(b) * Math.pow(RunTimeHistogram.RATIO, within);
            }
        }
        return RunTimeHistogram.lower(cdf.length - 1) * RunTimeHistogram.RATIO;
    }
}
