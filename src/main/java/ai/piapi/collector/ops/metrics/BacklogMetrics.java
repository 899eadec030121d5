package ai.piapi.collector.ops.metrics;

import ai.piapi.collector.ledger.Backlog;
import ai.piapi.collector.messaging.BrokerStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What is waiting and what is cut off: {@code piapi_collector_outbox_events} (events not yet published),
 * {@code piapi_collector_oldest_open_task_age_seconds} (since the longest-open task was taken in or reopened; 0 when
 * none is open) and {@code piapi_collector_broker_link_up{link}} (1 up, 0 down or still connecting; one series per
 * configured link). The ledger is read at most once per {@code ttl} ({@code collector.metrics.state-cache}); the age
 * grows between reads from the cached intake time.
 */
public class BacklogMetrics {
    // gauges hold their object weakly: these fields keep them alive as long as this bean is bound
    private final CachedReading<Long> outbox;
    private final CachedReading<Optional<Instant>> oldestOpen;
    private final BrokerStatus brokers;
    private final Clock clock;

    public BacklogMetrics(MeterRegistry registry, Backlog backlog, BrokerStatus brokers, Duration ttl, Clock clock) {
        this.outbox = new CachedReading<>(backlog::pendingEvents, ttl, clock);
        this.oldestOpen = new CachedReading<>(backlog::oldestOpenSince, ttl, clock);
        this.brokers = brokers;
        this.clock = clock;
        Gauge.builder("piapi.collector.outbox.events", outbox, o -> o.value(Long::doubleValue))
                .description("Events in the outbox waiting to be published to a broker").register(registry);
        Gauge.builder("piapi.collector.oldest.open.task.age", this, BacklogMetrics::oldestOpenAgeSeconds).baseUnit("seconds")
                .description("Time since the task open longest was taken in or reopened (0: none open)").register(registry);
        brokers.links().values().stream().filter(link -> link.state() != BrokerStatus.State.OFF).forEach(link ->
                Gauge.builder("piapi.collector.broker.link.up", brokers, b -> b.state(link.name()) == BrokerStatus.State.UP ? 1 : 0)
                        .description("A configured broker link (queue intake, event output): 1 up, 0 down or connecting")
                        .tag("link", link.name()).register(registry));
    }

    double oldestOpenAgeSeconds() {
        Instant now = clock.instant();
        return oldestOpen.value(since -> since.map(t -> Math.max(0, Duration.between(t, now).toMillis()) / 1000.0).orElse(0.0));
    }
}
