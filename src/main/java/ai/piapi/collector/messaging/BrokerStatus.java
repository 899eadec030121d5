package ai.piapi.collector.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each broker link stands (the intake consumer, each event output): one log line per change of state,
 * never one per retry. Health checks and operators read {@link #links()}.
 */
public class BrokerStatus {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerStatus.class);

    public enum State { OFF, STARTING, UP, DOWN }

    /** One link: {@code endpoint} is the safe form of its URI (no options, no credentials). */
    public record Link(String name, String endpoint, State state, Instant since, String detail) {
    }

    private final Map<String, Link> links = new TreeMap<>();
    private final Clock clock;
    private final UnaryOperator<String> redact;

    /** {@code redact} takes secrets out of failure text before it is logged or shown. */
    public BrokerStatus(Clock clock, UnaryOperator<String> redact) {
        this.clock = clock;
        this.redact = redact;
    }

    /** Declares a link; an unused one (not configured) stays OFF and does not count against health. */
    public synchronized void declare(String name, String endpoint, boolean used) {
        links.put(name, new Link(name, endpoint, used ? State.STARTING : State.OFF, clock.instant(), null));
    }

    public synchronized void up(String name) {
        Link was = links.get(name);
        if (was == null || was.state() == State.UP) {
            return;
        }
        links.put(name, new Link(name, was.endpoint(), State.UP, clock.instant(), null));
        if (was.state() == State.DOWN) {
            LOG.info("broker link {} ({}) is up again", name, was.endpoint());
        } else {
            LOG.info("broker link {} ({}) is up", name, was.endpoint());
        }
    }

    public synchronized void down(String name, String detail) {
        Link was = links.get(name);
        if (was == null || was.state() == State.OFF) {
            return;
        }
        String why = redact.apply(detail);
        if (was.state() == State.DOWN) {
            links.put(name, new Link(name, was.endpoint(), State.DOWN, was.since(), why));
            return;
        }
        links.put(name, new Link(name, was.endpoint(), State.DOWN, clock.instant(), why));
        LOG.warn("broker link {} ({}) is down: {}; the collector goes on with what it has and retries with backoff",
                name, was.endpoint(), why);
    }

    /** Failure text without secrets, as logged and stored. */
    public String redact(String text) {
        return text == null ? null : redact.apply(text);
    }

    public synchronized State state(String name) {
        Link link = links.get(name);
        return link == null ? State.OFF : link.state();
    }

    public synchronized Map<String, Link> links() {
        return Map.copyOf(links);
    }

    /** True unless a configured link is down. */
    public synchronized boolean healthy() {
        return links.values().stream().noneMatch(l -> l.state() == State.DOWN);
    }
}
