package ai.piapi.collector.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.ops.metrics.CachedStateCounts;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedStateCountsTest {
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    /** A ledger whose only working call is countByState: 5 open, reads counted. */
    private final Ledger ledger = (Ledger) Proxy.newProxyInstance(Ledger.class.getClassLoader(), new Class<?>[] {Ledger.class},
            (proxy, method, args) -> {
                if (!method.getName().equals("countByState")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
                reads.incrementAndGet();
                Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
                counts.put(TaskState.OPEN, 5L);
                counts.put(TaskState.COMPLETED, 7L);
                return counts;
            });

    @Test
    void readsTheLedgerAtMostOncePerTtlWhateverTheScrapes() {
        CachedStateCounts counts = new CachedStateCounts(ledger, Duration.ofSeconds(10), clock);

        for (int i = 0; i < 30; i++) {
            assertThat(counts.count(TaskState.OPEN)).isEqualTo(5.0);
            assertThat(counts.count(TaskState.COMPLETED)).isEqualTo(7.0);
            assertThat(counts.count(TaskState.DEAD)).isEqualTo(0.0);
        }
        assertThat(reads).hasValue(1);

        now.set(now.get().plusSeconds(10));
        counts.count(TaskState.OPEN);
        assertThat(reads).hasValue(2);
    }

    @Test
    void showsNoValueWhileTheLedgerCannotBeRead() {
        CachedStateCounts counts = new CachedStateCounts(ledger, Duration.ofSeconds(10), clock);
        failure.set(new IllegalStateException("down"));

        assertThat(counts.count(TaskState.OPEN)).isNaN();

        failure.set(null);
        assertThat(counts.count(TaskState.OPEN)).isEqualTo(5.0);
    }
}
