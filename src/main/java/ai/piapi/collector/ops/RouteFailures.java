package ai.piapi.collector.ops;

import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.domain.StorageUnavailable;
import ai.piapi.collector.ledger.LedgerUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error policy of the routes that run on a timer (and of the poll pool): a failure is logged when it starts,
 * when its kind changes and when the route works again, with a count, never once per run; the route simply runs
 * again at its next tick. An outage of the ledger or the storage is not logged here at all: its {@link Outage}
 * logs it once for every stage. A route that flaps is logged again only once it keeps failing for a while.
 */
public class RouteFailures {
    private static final Logger LOG = LoggerFactory.getLogger(RouteFailures.class);

    private record Failing(Instant since, String kind, long count, boolean logged, Instant last) {
    }

    private final Clock clock;
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastRecoveryLogged = new ConcurrentHashMap<>();

    public RouteFailures(Clock clock) {
        this.clock = clock;
    }

    /** A run of {@code routeId} failed with {@code failure} (its error was handled: the next run tries again). */
    public void failed(String routeId, Throwable failure) {
        if (isOutage(failure)) {
            return;
        }
        Throwable cause = rootOf(failure);
        String kind = cause.getClass().getName();
        Instant now = clock.instant();
        failing.compute(routeId, (id, was) -> {
            if (was != null && !now.isBefore(was.last().plus(Outage.QUIET))) {
                was = null; // nothing failed for a while (a route that is not told of its successes): a new episode
            }
            if (was == null) {
                Instant recovered = lastRecoveryLogged.get(id);
                boolean log = recovered == null || !now.isBefore(recovered.plus(Outage.QUIET));
                if (log) {
                    LOG.warn("route {} failed: {}; it runs again at its next tick, and this is logged again only when it"
                            + " changes", id, cause.toString(), failure);
                }
                return new Failing(now, kind, 1, log, now);
            }
            boolean changed = !was.kind().equals(kind);
            boolean log = (!was.logged() && !now.isBefore(was.since().plus(Outage.QUIET))) || (was.logged() && changed);
            if (log) {
                LOG.warn("route {} is still failing, now: {} ({} failures since {})", id, cause, was.count() + 1, was.since());
            }
            return new Failing(was.since(), kind, was.count() + 1, was.logged() || log, now);
        });
    }

    /** A run of {@code routeId} completed without an error. */
    public void succeeded(String routeId) {
        if (failing.isEmpty()) {
            return;
        }
        Failing was = failing.remove(routeId);
        if (was != null && was.logged()) {
            lastRecoveryLogged.put(routeId, clock.instant());
            LOG.info("route {} works again ({} failed runs since {})", routeId, was.count(), was.since());
        }
    }

    /** True for a failure of the ledger or the storage, which their {@link Outage} logs. */
    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LedgerUnavailable || t instanceof StorageUnavailable) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable t = failure;
        // Camel wraps what a bean throws; the operator wants the bean's own error
        while (t.getCause() != null && t.getClass().getName().startsWith("org.apache.camel.")) {
            t = t.getCause();
        }
        return t;
    }
}
