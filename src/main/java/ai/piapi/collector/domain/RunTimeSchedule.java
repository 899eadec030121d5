package ai.piapi.collector.domain;

import java.time.Duration;

/**
 * When to poll a running task next, from its model's learned run times: the longest wait that still finds all
 * but {@link #MISS_SHARE} of the tasks still running within {@code target} of their end. Early in a run, where few
 * tasks end, that skips ahead; where most tasks end, polls come every {@code target}; past the 95th percentile
 * (the long tail, where a late find costs few tasks) the wait grows by half the time spent beyond it, never
 * beyond {@code max}.
 * <p>
 * With elapsed run time {@code e} and learned distribution {@code F}, the next poll comes {@code L} later, the
 * largest {@code L} with {@code P(e < T <= e + L - target | T > e) <= MISS_SHARE}:
 * {@code L = target + F⁻¹(F(e) + MISS_SHARE (1 - F(e))) - e}, and at least {@code (e - F⁻¹(0.95)) / 2}.
 */
public final class RunTimeSchedule {
    /** Share of the still-running tasks a wait may find later than the target delay. */
    public static final double MISS_SHARE = 0.04;
    static final double TAIL = 0.95;

    private RunTimeSchedule() {
    }

    /**
     * @param elapsedMs run time so far (0 for a task still queued)
     * @param spread    0..1: share of the skip-ahead part taken off (jitter, so tasks started together spread out)
     */
    public static Duration wait(RunTimeHistogram learned, double elapsedMs, Duration target, Duration max, double spread) {
        double ended = learned.cdf(elapsedMs);
        double running = 1 - ended;
        double waitMs;
        if (running <= 1e-9) { // longer than anything learned: the long tail
            waitMs = max.toMillis();
        } else {
            double horizon = learned.quantile(ended + MISS_SHARE * running);
            waitMs = target.toMillis() + Math.max(0, horizon - elapsedMs) * (1 - spread);
            waitMs = Math.max(waitMs, (elapsedMs - learned.quantile(TAIL)) / 2);
        }
        long ms = Math.round(Math.min(Math.max(waitMs, target.toMillis()), max.toMillis()));
        return Duration.ofMillis(Math.max(1, ms));
    }
}
