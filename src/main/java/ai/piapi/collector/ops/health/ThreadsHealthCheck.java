package ai.piapi.collector.ops.health;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Liveness (and readiness): DOWN once a thread of this collector died of an uncaught exception or error (seen by
 * {@link ThreadDeaths}), or the ledger's writer thread is gone. Such a thread is not replaced and the process
 * would go on without polling, storing or intake, so {@code /observe/health/live} answers 503 and a supervisor
 * (systemd, Kubernetes) restarts it: a restart loses nothing.
 */
public class ThreadsHealthCheck extends CollectorHealthCheck {
    private final long mark;
    private final BooleanSupplier ledgerWriterRunning;

    /** Counts the deaths from now on (earlier ones belong to another collector in the same JVM, in tests). */
    public ThreadsHealthCheck(BooleanSupplier ledgerWriterRunning) {
        super("threads");
        ThreadDeaths.install();
        this.mark = ThreadDeaths.mark();
        this.ledgerWriterRunning = ledgerWriterRunning;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected Optional<String> problem() {
        if (!ledgerWriterRunning.getAsBoolean()) {
            return Optional.of("the ledger's writer thread is not running");
        }
        List<ThreadDeaths.Death> deaths = ThreadDeaths.since(mark);
        if (deaths.isEmpty()) {
            return Optional.empty();
        }
        long all = ThreadDeaths.countSince(mark);
        return Optional.of(all + (all == 1 ? " thread" : " threads") + " died: " + deaths.stream()
                .map(d -> "'" + d.thread() + "' (" + d.cause() + ")").collect(Collectors.joining(", ")));
    }
}
