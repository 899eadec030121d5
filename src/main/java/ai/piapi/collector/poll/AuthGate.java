package ai.piapi.collector.poll;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses all polling while PiAPI refuses the API key (401/403): no task is blamed, one error is logged,
 * and a single probe poll is let through after each backoff until the key works again.
 */
public class AuthGate {
    private static final Logger LOG = LoggerFactory.getLogger(AuthGate.class);

    private final Duration initial;
    private final Duration max;
    private int refusals;
    private Instant pausedUntil;
    private Instant refusedSince;

    public AuthGate(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    public synchronized void refused(int httpStatus, Instant now) {
        refusals++;
        if (refusals == 1) {
            refusedSince = now;
            LOG.error("PiAPI refused the API key (HTTP {}): polling is paused and retried with backoff, no task is "
                    + "dead-lettered for it; check piapi.api-key", httpStatus);
        }
        long ms = Math.min(initial.toMillis() * (1L << Math.min(refusals - 1, 20)), max.toMillis());
        pausedUntil = now.plusMillis(ms);
    }

    public synchronized void accepted() {
        if (refusals > 0) {
            LOG.info("PiAPI accepts the API key again: polling resumed");
            refusals = 0;
            pausedUntil = null;
            refusedSince = null;
        }
    }

    /** How many polls may start now: none while paused, one probe after a pause, else {@code wanted}. */
    public synchronized int allowance(int wanted, Instant now) {
        if (refusals == 0) {
            return wanted;
        }
        if (now.isBefore(pausedUntil)) {
            return 0;
        }
        pausedUntil = now.plus(max); // one probe at a time; its answer sets the next pause
        return Math.min(1, wanted);
    }

    /** When a task that met a refusal should be tried again. */
    public synchronized Instant resumeAt(Instant now) {
        return pausedUntil == null ? now : pausedUntil;
    }

    public synchronized boolean keyAccepted() {
        return refusals == 0;
    }

    /** Since when PiAPI has refused the key without accepting it in between; null while it accepts it. */
    public synchronized Instant refusedSince() {
        return refusedSince;
    }
}
