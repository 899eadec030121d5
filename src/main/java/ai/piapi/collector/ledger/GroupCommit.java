package ai.piapi.collector.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the embedded ledger: the write transactions of all threads go through one writer, which runs
 * whatever is waiting (up to {@link #MAX_BATCH}) in one database transaction, each unit under its own savepoint,
 * and commits once. A caller returns only after the commit that holds its work, so nothing it acts on can be lost
 * to a crash; but H2 writes its file once per batch instead of once per unit, which was most of the collector's
 * CPU. A unit that fails is rolled back to its savepoint and fails alone; a failed commit fails the whole batch.
 * No wait is unbounded: a writer that dies fails its batch and is replaced, a caller waits at most
 * {@code maxWait}, and {@link #close()} stops the writer and fails whatever still waits.
 */
final class GroupCommit implements AutoCloseable {
    static final int MAX_BATCH = 64;
    static final Duration MAX_WAIT = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** Run by the writer on its connection after each commit, before any caller of the batch returns. */
    interface AfterCommit {
        void afterCommit(Connection c) throws SQLException;
    }

    private record Unit<T>(Sql.Work<T> work, CompletableFuture<T> done) {
    }

    /** Put in the queue by {@link #close()}: the writer ends after the batch it is in (never interrupted in I/O). */
    private static final Unit<Object> STOP = new Unit<>(c -> null, new CompletableFuture<>());

    private final DataSource dataSource;
    private final String name;
    private final Duration maxWait;
    private final AfterCommit afterCommit;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile Thread writer;

    GroupCommit(DataSource dataSource, String name) {
        this(dataSource, name, MAX_WAIT);
    }

    GroupCommit(DataSource dataSource, String name, Duration maxWait) {
        this(dataSource, name, maxWait, c -> { });
    }

    GroupCommit(DataSource dataSource, String name, Duration maxWait, AfterCommit afterCommit) {
        this.dataSource = dataSource;
        this.name = name;
        this.maxWait = maxWait;
        this.afterCommit = afterCommit;
        startWriter();
    }

    <T> T run(Sql.Work<T> work) {
        if (closed) {
            throw stopped();
        }
        Unit<T> unit = new Unit<>(work, new CompletableFuture<>());
        queue.add(unit);
        if (closed) { // closed meanwhile: the writer may be gone, so nobody else fails this unit
            unit.done().completeExceptionally(stopped());
        }
        try {
            return unit.done().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unit.done().completeExceptionally(e); // the writer skips it if it has not run it yet
            throw new LedgerException(new SQLException("interrupted while waiting for the ledger", e));
        } catch (TimeoutException e) {
            unit.done().completeExceptionally(e);
            throw new LedgerUnavailable(new java.sql.SQLTransientException(
                    "the ledger's writer did not commit within " + maxWait.toSeconds() + " s"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new LedgerException(e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause()));
        }
    }

    /** Stops the writer: what is queued and not yet run fails with an error (shutdown). */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        Thread w = writer;
        if (w != null) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Unit<?>> left = new ArrayList<>();
        queue.drainTo(left);
        left.stream().filter(unit -> unit != STOP).forEach(unit -> unit.done().completeExceptionally(stopped()));
    }

    /** False when the writer thread is gone while the ledger is open: nothing could be written any more. */
    boolean running() {
        return closed || writerAlive();
    }

    boolean writerAlive() {
        Thread w = writer;
        return w != null && w.isAlive();
    }

    private LedgerException stopped() {
        return new LedgerException(new SQLException("the ledger is shut down"));
    }

    private synchronized void startWriter() {
        if (closed) {
            return;
        }
        Thread w = new Thread(this::write, name + "-writer");
        w.setDaemon(true);
        w.setUncaughtExceptionHandler((t, e) -> {
            LOG.error("the ledger's writer thread died ({}); a new one takes over", e.toString());
            startWriter();
        });
        writer = w;
        w.start();
    }

    private void write() {
        List<Unit<?>> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            batch.removeIf(unit -> unit.done().isDone()); // its caller gave up waiting
            try {
                commit(batch);
            } catch (Throwable t) { // an Error in a unit must not leave its batch waiting: fail it, then let the thread go
                batch.forEach(unit -> unit.done().completeExceptionally(t));
                throw t;
            } finally {
                batch.clear();
            }
            if (stop) {
                return;
            }
        }
    }

    private void commit(List<Unit<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Runnable> completions = new ArrayList<>(batch.size());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Unit<?> unit : batch) {
                    if (!unit.done().isDone()) { // its caller may have given up while an earlier unit ran
                        completions.add(runOne(c, unit));
                    }
                }
                c.commit();
                c.setAutoCommit(true);
                afterCommit.afterCommit(c);
            } catch (SQLException | RuntimeException e) {
                Sql.rollback(c, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r : LedgerException.of((SQLException) e);
            batch.forEach(unit -> unit.done().completeExceptionally(failure));
            return;
        }
        completions.forEach(Runnable::run);
    }

    /** Runs one unit under a savepoint; returns what completes it once the batch is committed. */
    private static <T> Runnable runOne(Connection c, Unit<T> unit) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            T result = unit.work().run(c);
            c.releaseSavepoint(before);
            return () -> unit.done().complete(result);
        } catch (SQLException | RuntimeException e) {
            c.rollback(before);
            RuntimeException failure = e instanceof RuntimeException r ? r : LedgerException.of((SQLException) e);
            return () -> unit.done().completeExceptionally(failure);
        }
    }
}
