package ai.piapi.collector.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import javax.sql.DataSource;

/**
 * Group commit for the embedded ledger: the write transactions of all threads go through one writer, which runs
 * whatever is waiting (up to {@link #MAX_BATCH}) in one database transaction, each unit under its own savepoint,
 * and commits once. A caller returns only after the commit that holds its work, so nothing it acts on can be lost
 * to a crash; but H2 writes its file once per batch instead of once per unit, which was most of the collector's
 * CPU. A unit that fails is rolled back to its savepoint and fails alone; a failed commit fails the whole batch.
 */
final class GroupCommit {
    static final int MAX_BATCH = 64;

    private record Unit<T>(Sql.Work<T> work, CompletableFuture<T> done) {
    }

    private final DataSource dataSource;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();

    GroupCommit(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        Thread writer = new Thread(this::run, name + "-writer");
        writer.setDaemon(true);
        writer.start();
    }

    <T> T run(Sql.Work<T> work) {
        Unit<T> unit = new Unit<>(work, new CompletableFuture<>());
        queue.add(unit);
        try {
            return unit.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(new SQLException("interrupted while waiting for the ledger", e));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new LedgerException(e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause()));
        }
    }

    private void run() {
        List<Unit<?>> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Unit<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Unit<?> unit : batch) {
                    completions.add(runOne(c, unit));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r : new LedgerException((SQLException) e);
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
            RuntimeException failure = e instanceof RuntimeException r ? r : new LedgerException((SQLException) e);
            return () -> unit.done().completeExceptionally(failure);
        }
    }
}
