package ai.piapi.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads writing through one group-commit writer: each unit commits or fails on its own. */
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

    private static void insert(java.sql.Connection c, int id, int thread) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO unit (id, thread) VALUES (?, ?)")) {
            ps.setInt(1, id);
            ps.setInt(2, thread);
            ps.executeUpdate();
        }
    }
}
