package ai.piapi.collector.ops.metrics;

import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Task counts per state for the metrics gauge, read from the ledger at most once per {@code ttl} however often
 * Prometheus scrapes (counting a large ledger on every scrape would load the database for nothing).
 */
public class CachedStateCounts {
    private final Ledger ledger;
    private final Duration ttl;
    private final Clock clock;
    private Map<TaskState, Long> counts;
    private Instant readAt;

    public CachedStateCounts(Ledger ledger, Duration ttl, Clock clock) {
        this.ledger = ledger;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The count, or NaN when the ledger cannot be read (the gauge then shows no value rather than a stale one). */
    public synchronized double count(TaskState state) {
        Instant now = clock.instant();
        if (counts == null || !now.isBefore(readAt.plus(ttl))) {
            try {
                counts = ledger.countByState();
            } catch (RuntimeException unreadable) {
                counts = null;
                return Double.NaN;
            } finally {
                readAt = now;
            }
        }
        return counts.getOrDefault(state, 0L);
    }
}
