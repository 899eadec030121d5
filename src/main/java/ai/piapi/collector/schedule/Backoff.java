package ai.piapi.collector.schedule;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to poll next: {@code initial * multiplier^(n-1)} after the n-th poll, capped at {@code max},
 * with up to {@code jitter} (20% by default) taken off so that tasks admitted together spread out.
 */
public final class Backoff {
    static final double JITTER = 0.2;

    private final Duration initial;
    private final double multiplier;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;

    public Backoff(Duration initial, double multiplier, Duration max, DoubleSupplier random) {
        this(initial, multiplier, max, JITTER, random);
    }

    public Backoff(Duration initial, double multiplier, Duration max, double jitter, DoubleSupplier random) {
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1.0");
        }
        this.initial = initial;
        this.multiplier = multiplier;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    public Duration max() {
        return max;
    }

    /** The wait after the {@code pollsSoFar}-th poll (1 = the first poll has been made). */
    public Duration delayAfter(int pollsSoFar) {
        double exponent = Math.max(0, pollsSoFar - 1);
        double ms = Math.min(initial.toMillis() * Math.pow(multiplier, exponent), max.toMillis());
        double jittered = ms * (1.0 - jitter * random.getAsDouble());
        return Duration.ofMillis(Math.max(1, Math.round(jittered)));
    }

    /** The wait after a refusal that named its own {@code Retry-After}: honoured, capped at ten times the max. */
    public Duration honouring(Duration computed, Duration retryAfter) {
        if (retryAfter == null) {
            return computed;
        }
        Duration cap = max.multipliedBy(10);
        Duration wanted = retryAfter.compareTo(cap) > 0 ? cap : retryAfter;
        return wanted.compareTo(computed) > 0 ? wanted : computed;
    }
}
