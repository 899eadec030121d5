package ai.piapi.collector.schedule;

import java.time.Duration;

/**
 * When to poll a running task next, from its model's learned run times: the longest wait that still finds all
 * but {@link #MISS_SHARE} of the tasks still running within the model's delay of their end. The model's delay is
 * {@code target}, or {@code targetShare} of its median run time when that is longer (a ten-minute video found 40 s
 * late loses nothing that polling it every 5 s would save, and saves a hundred polls). Early in a run, where few
 * tasks end, that skips ahead; where most tasks end, polls come about every delay; past the 95th percentile (the
 * long tail, where a late find costs few tasks) the wait grows by half the time spent beyond it, never beyond
 * {@code max}. While tasks run longer than any seen to end (early in a burst), the part of the distribution past
 * the longest ended one is not known: no skip into it, and the tail starts at the longest ended run time.
 * <p>
 * With elapsed run time {@code e}, learned distribution {@code F} and delay {@code d}, the next poll comes
 * {@code L} later, the largest {@code L} with {@code P(e < T <= e + L - d | T > e) <= MISS_SHARE}:
 * {@code L = d + F⁻¹(F(e) + MISS_SHARE (1 - F(e))) - e}, and at least {@code (e - F⁻¹(0.95)) / 2}.
 */
public final class RunTimeSchedule {
    /** Share of the still-running tasks a wait may find later than the delay. */
    public static final double MISS_SHARE = 0.015;
    static final double TAIL = 0.95;

    private RunTimeSchedule() {
    }

    /**
     * @param elapsedMs   run time so far (0 for a task still queued)
     * @param targetShare the model's delay as a share of its median run time, when longer than {@code target}
     * @param spread      0..1: share of the skip-ahead part taken off (jitter, so tasks started together spread out)
     */
    public static Duration wait(RunTimeEstimate learned, double elapsedMs, Duration target, double targetShare,
                                Duration max, double spread) {
        double known = learned.known(); // below 1 while tasks run longer than any seen to end
        double delayMs = Math.max(target.toMillis(), targetShare * learned.quantile(Math.min(0.5, known)));
        double ended = learned.cdf(elapsedMs);
        double running = 1 - ended;
        double share = ended + MISS_SHARE * running;
        double horizon = running > 1e-9 && share <= known ? learned.quantile(share) : elapsedMs; // no skip past the known
        double waitMs = delayMs + Math.max(0, horizon - elapsedMs) * (1 - spread);
        waitMs = Math.max(waitMs, (elapsedMs - learned.quantile(Math.min(TAIL, known))) / 2);
        long ms = Math.round(Math.min(Math.max(waitMs, target.toMillis()), max.toMillis()));
        return Duration.ofMillis(Math.max(1, ms));
    }
}
