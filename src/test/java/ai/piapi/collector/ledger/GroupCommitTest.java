package ai.piapi.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads writing through one group-commit writer: each unit commits or fails on its own; no wait is unbounded
 * (a dead writer is replaced, a stuck one fails its callers in time, a closed one fails them at once).
 */
class GroupCommitTest {
    @TempDir
    Path state;

    @Test
    void everyUnitIsCommittedOnceAndAFailingUnitFailsAlone() throws Exception {
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 4)) {
            Sql sql = new Sql(ds, new GroupCommit(ds, "test"));
            sql.update("CREATE TABLE unit (id INTEGER PRIMARY KEY, thread INTEGER)");
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<Integer>> failures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                failures.add(threads.submit(() -> {
                    int failed = 0;
                    for (int i = 0; i < 100; i++) {
                        int id = thread * 1000 + i;
                        try {
                            sql.inTransaction(c -> {
                                insert(c, id, thread);
                                if (id % 25 == 0) {
                                    insert(c, id, thread); // a duplicate key: this unit is rolled back, alone
                                }
                                return null;
                            });
                        } catch (LedgerException expected) {
                            failed++;
                        }
                    }
                    return failed;
                }));
            }
            int failed = 0;
            for (Future<Integer> f : failures) {
                failed += f.get();
            }
            threads.shutdown();

            assertThat(failed).isEqualTo(8 * 4);
            assertThat(sql.queryOne("SELECT COUNT(*) FROM unit", rs -> rs.getInt(1)).orElseThrow()).isEqualTo(8 * 96);
            assertThat(sql.queryOne("SELECT COUNT(*) FROM unit WHERE MOD(id, 25) = 0", rs -> rs.getInt(1)).orElseThrow())
                    .as("the failed units left nothing behind").isZero();
        }
    }

    @Test
    void aClosedDatabaseFailsTheCallerInsteadOfHangingIt() {
        HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 1);
        Sql sql = new Sql(ds, new GroupCommit(ds, "test"));
        ds.close();

        assertThatThrownBy(() -> sql.update("UPDATE task SET polls = 0")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aWriterKilledByAnErrorFailsItsBatchAndANewWriterTakesOver() {
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 2)) {
            GroupCommit group = new GroupCommit(ds, "test");
            Sql sql = new Sql(ds, group);
            sql.update("CREATE TABLE unit (id INTEGER PRIMARY KEY, thread INTEGER)");

            assertThatThrownBy(() -> sql.inTransaction(c -> {
                throw new StackOverflowError("a unit that blew the writer's stack");
            })).isInstanceOf(LedgerException.class).hasRootCauseInstanceOf(StackOverflowError.class);

            await().atMost(Duration.ofSeconds(5)).until(group::writerAlive);
            String result = sql.inTransaction(c -> {
                insert(c, 1, 1);
                return "committed";
            });
            assertThat(result).isEqualTo("committed");
            group.close();
        }
    }

    @Test
    void aCallerWaitsAtMostItsBoundForAStuckWriterAndItsWorkIsNotRunLate() throws Exception {
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 2)) {
            GroupCommit group = new GroupCommit(ds, "test", Duration.ofMillis(300));
            Sql sql = new Sql(ds, group);
            sql.update("CREATE TABLE unit (id INTEGER PRIMARY KEY, thread INTEGER)");
            CountDownLatch stuck = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            ExecutorService caller = Executors.newSingleThreadExecutor();
            Future<Object> first = caller.submit(() -> group.run(c -> {
                running.countDown();
                try {
                    stuck.await(); // a unit that hangs the writer (a lock wait, say)
                } catch (InterruptedException e) {
                    throw new java.sql.SQLException(e);
                }
                return null;
            }));
            running.await();

            assertThatThrownBy(() -> sql.inTransaction(c -> {
                insert(c, 2, 2);
                return null;
            })).isInstanceOf(LedgerUnavailable.class).hasMessageContaining("did not commit within");
            stuck.countDown();
            assertThatThrownBy(first::get).hasCauseInstanceOf(LedgerUnavailable.class);
            caller.shutdown();

            String result = sql.inTransaction(c -> "the writer goes on");
            assertThat(result).isEqualTo("the writer goes on");
            assertThat(sql.queryOne("SELECT COUNT(*) FROM unit WHERE id = 2", rs -> rs.getInt(1)).orElseThrow())
                    .as("the unit its caller gave up on was not run late").isZero();
            group.close();
        }
    }

    @Test
    void closingStopsTheWriterAndFailsWhatComesAfter() {
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 2)) {
            GroupCommit group = new GroupCommit(ds, "test");
            Sql sql = new Sql(ds, group);
            sql.update("CREATE TABLE unit (id INTEGER PRIMARY KEY, thread INTEGER)");

            group.close();

            await().atMost(Duration.ofSeconds(5)).until(() -> !group.writerAlive());
            assertThatThrownBy(() -> sql.update("INSERT INTO unit VALUES (3, 3)")).isInstanceOf(LedgerException.class)
                    .hasMessageContaining("shut down");
        }
    }

    private static void insert(java.sql.Connection c, int id, int thread) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO unit (id, thread) VALUES (?, ?)")) {
            ps.setInt(1, id);
            ps.setInt(2, thread);
            ps.executeUpdate();
        }
    }
}
