package ai.piapi.collector.capture;

import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.LedgerUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps a task leased to this instance while its files download: a large video can take longer than
 * {@code collector.ledger.lease}, and an expired lease would let the task be polled and captured twice.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    /** A lease being kept; closing it stops renewing (the poller or the delivery stage ends the lease). */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final Ledger ledger;
    private final String owner;
    private final Duration lease;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capture-lease-keeper");
        t.setDaemon(true);
        return t;
    });

    public LeaseKeeper(Ledger ledger, String owner, Duration lease, Clock clock) {
        this.ledger = ledger;
        this.owner = owner;
        this.lease = lease;
        this.clock = clock;
    }

    /** Extends the task's lease now and every third of a lease until the returned hold is closed. */
    public Held hold(String taskId) {
        renew(taskId);
        long period = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewal = timer.scheduleAtFixedRate(() -> renew(taskId), period, period, TimeUnit.MILLISECONDS);
        return () -> renewal.cancel(false);
    }

    private void renew(String taskId) {
        try {
            ledger.extendLease(taskId, owner, clock.instant().plus(lease));
        } catch (LedgerUnavailable outage) {
            // the ledger's outage is logged once where it is met; the lease is extended again at the next renewal
        } catch (RuntimeException e) {
            try (MDC.MDCCloseable context = MDC.putCloseable("task_id", taskId)) { // the log context of a task's lines
                LOG.warn("could not extend the lease of task {} during its capture: {}", taskId, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
