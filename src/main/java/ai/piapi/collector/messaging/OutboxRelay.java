package ai.piapi.collector.messaging;

import ai.piapi.collector.schedule.Backoff;
import ai.piapi.collector.ledger.Outbox;
import ai.piapi.collector.ledger.PendingEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The publish-events route's decisions: which outbox events to publish now, and what a publish outcome does to
 * the row (sent: deleted; failed: retried with backoff). After a failure the whole channel waits its backoff,
 * so a broker that is down costs one attempt per wait, not one per event.
 */
public class OutboxRelay {
    /** How long a claimed event is held for this publisher before another instance (shared ledger) may take it. */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(1);
    static final Duration UNCONFIGURED_WAIT = Duration.ofHours(1);

    private final Outbox outbox;
    private final BrokerStatus status;
    private final int batch;
    private final Backoff backoff;
    private final Clock clock;
    private final Set<String> channels;
    private final Map<String, Pause> paused = new ConcurrentHashMap<>();

    private record Pause(int failures, Instant until) {
    }

    /** {@code channels}: the outputs that are configured; events of another channel wait until it is. */
    public OutboxRelay(Outbox outbox, Set<String> channels, BrokerStatus status, int batch, Backoff backoff, Clock clock) {
        this.outbox = outbox;
        this.channels = Set.copyOf(channels);
        this.status = status;
        this.batch = batch;
        this.backoff = backoff;
        this.clock = clock;
    }

    public List<PendingEvent> claimDue() {
        Instant now = clock.instant();
        return outbox.claimDue(batch, now, now.plus(CLAIM_LEASE));
    }

    /** False (and the event goes back to wait) while its channel is backing off after a failure. */
    public boolean ready(PendingEvent event) {
        if (!channels.contains(event.channel())) {
            outbox.retryAt(event.id(), event.attempts(), clock.instant().plus(UNCONFIGURED_WAIT),
                    "output " + event.channel() + " is not configured (any more): kept until it is");
            return false;
        }
        Pause pause = paused.get(event.channel());
        if (pause == null || !clock.instant().isBefore(pause.until())) {
            return true;
        }
        outbox.retryAt(event.id(), event.attempts(), pause.until(), null);
        return false;
    }

    public void sent(PendingEvent event) {
        outbox.sent(event.id());
        paused.remove(event.channel());
        status.up(link(event.channel()));
    }

    public void failed(PendingEvent event, Throwable failure) {
        Instant now = clock.instant();
        Pause pause = paused.compute(event.channel(), (channel, was) -> {
            int failures = was == null ? 1 : was.failures() + 1;
            return new Pause(failures, now.plus(backoff.delayAfter(failures)));
        });
        String detail = status.redact(failure.getClass().getSimpleName() + ": " + failure.getMessage());
        status.down(link(event.channel()), detail);
        outbox.retryAt(event.id(), event.attempts() + 1, pause.until(), detail);
    }

    public long pending() {
        return outbox.pending();
    }

    /** The broker link name of an outbox channel. */
    public static String link(String channel) {
        return channel + "-events";
    }
}
