package ai.piapi.collector.ops.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One figure read from the ledger for a gauge at most once per {@code ttl}, however often Prometheus scrapes, like
 * {@link CachedStateCounts}. A read that fails shows as NaN (no value) until the next read, never as a stale value.
 */
public final class CachedReading<T> {
    private final Supplier<T> read;
    private final Duration ttl;
    private final Clock clock;
    private T value;
    private boolean failed;
    private Instant readAt;

    public CachedReading(Supplier<T> read, Duration ttl, Clock clock) {
        this.read = read;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** {@code figure} of the value last read (read again once {@code ttl} has passed), or NaN when that read failed. */
    public synchronized double value(ToDoubleFunction<T> figure) {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(ttl))) {
            readAt = now;
            try {
                value = read.get();
                failed = false;
            } catch (RuntimeException unreadable) {
                value = null;
                failed = true;
            }
        }
        return failed ? Double.NaN : figure.applyAsDouble(value);
    }
}
