package ai.piapi.collector.messaging;

import ai.piapi.collector.ops.health.CollectorHealthCheck;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Health check {@code collector-brokers} (readiness): DOWN while a configured broker link (the intake consumer,
 * an event output) is down, naming each such link, its endpoint (no options, no credentials) and why.
 */
public class BrokerHealthCheck extends CollectorHealthCheck {
    private final BrokerStatus status;

    public BrokerHealthCheck(BrokerStatus status) {
        super("brokers");
        this.status = status;
    }

    @Override
    protected Optional<String> problem() {
        String down = status.links().values().stream().filter(l -> l.state() == BrokerStatus.State.DOWN).sorted(
                java.util.Comparator.comparing(BrokerStatus.Link::name))
                .map(l -> l.name() + " (" + l.endpoint() + ") down since " + l.since() + ": " + l.detail())
                .collect(Collectors.joining("; "));
        return down.isEmpty() ? Optional.empty() : Optional.of(down);
    }
}
