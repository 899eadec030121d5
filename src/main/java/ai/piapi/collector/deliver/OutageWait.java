package ai.piapi.collector.deliver;

import ai.piapi.collector.task.HeldVerdicts;
import ai.piapi.collector.domain.StorageUnavailable;
import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.LedgerUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-verdict stage's pause: a verdict whose storage met an outage (the storage, the dead-letter folder, the
 * ledger) waits here, in its place, and is tried again; the task's count of transient errors is not touched. The wait
 * doubles with each attempt of the verdict (1 s, 2 s, 4 s, ... up to {@code maxWait}, at most a third of a lease).
 * Meanwhile the task's lease is extended, so that no other poll takes it. Stopping the collector ends every wait.
 */
public class OutageWait {
    /** What the route does next: try the verdict again, or let it go. */
    public static final String AGAIN = "again";
    public static final String DONE = "done";
    private static final Logger LOG = LoggerFactory.getLogger(OutageWait.class);
    private static final Duration FIRST = Duration.ofSeconds(1);

    private final Ledger ledger;
    private final String owner;
    private final Duration lease;
    private final Duration maxWait;
    private final HeldVerdicts held;
    private final Clock clock;
    private volatile boolean stopping;

    public OutageWait(Ledger ledger, String owner, Duration lease, Duration maxWait, HeldVerdicts held, Clock clock) {
        this.ledger = ledger;
        this.owner = owner;
        this.lease = lease;
        Duration third = lease.dividedBy(3);
        this.maxWait = maxWait.compareTo(third) < 0 ? maxWait : third; // the lease is extended between waits
        this.held = held;
        this.clock = clock;
    }

    /**
     * Waits out {@code failure} before attempt {@code attempt} (0, 1, ...) of {@code task}'s verdict tries again
     * (null task: a pushed result, which holds no lease here); AGAIN, or DONE when the collector is stopping.
     */
    public String pause(ClaimedTask task, Exception failure, int attempt) {
        if (stopping || !isOutage(failure)) {
            return DONE;
        }
        Instant now = clock.instant();
        Duration wait = waitBefore(attempt + 1);
        if (task != null) {
            held.hold(task.taskId(), now.plus(wait).plus(lease));
            if (!keepLease(task, now)) {
                held.release(task.taskId());
                return DONE;
            }
        }
        try {
            synchronized (this) {
                if (!stopping) {
                    wait(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DONE; // stopping: the task is polled again after the restart
        }
        return stopping ? DONE : AGAIN;
    }

    /** The wait before the {@code n}-th retry: 1 s, doubled each time, capped. */
    Duration waitBefore(int n) {
        long ms = FIRST.toMillis() << Math.min(Math.max(n - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, maxWait.toMillis()));
    }

    /** The verdict is stored (or let go): its task may be claimed again. */
    public void release(ClaimedTask task) {
        if (task != null) {
            held.release(task.taskId());
        }
    }

    /** Ends every wait: the collector is stopping. */
    public synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    /** False when the task is no longer this instance's (settled, or taken over after its lease ran out). */
    private boolean keepLease(ClaimedTask task, Instant now) {
        try {
            if (ledger.extendLease(task.taskId(), owner, now.plus(lease))) {
                return true;
            }
            LOG.info("task {}: no longer leased to this instance while its result waited for storage; left to the"
                    + " instance that holds it now", task.taskId());
            return false;
        } catch (LedgerUnavailable down) {
            return true; // cannot extend it now; the held verdict keeps this instance's claims off it meanwhile
        }
    }

    /** True for a failure of the collector's surroundings (Camel may have wrapped it). */
    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LedgerUnavailable || t instanceof StorageUnavailable) {
                return true;
            }
        }
        return false;
    }
}
