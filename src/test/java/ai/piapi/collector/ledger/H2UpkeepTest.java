package ai.piapi.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded ledger's file under the write pattern of steady polling (a large backlog, each commit updating
 * random rows): H2 writes every commit's copied pages as a new chunk, so without the upkeep (and with H2's default
 * retention of 45 s) this run leaves the file at tens of MB; with it the file stays a small multiple of
 * the live data. The upkeep compacts after every commit here (once a second in the collector), so that the
 * result does not depend on how fast the machine runs the commits.
 */
class H2UpkeepTest {
    private static final int TASKS = 5_000;
    private static final int COMMITS = 100;
    private static final int ROWS_PER_COMMIT = 64;

    @TempDir
    Path state;

    @Test
    void randomUpdatesUnderABacklogDoNotGrowTheFile() throws Exception {
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 2);
                GroupCommit group = new GroupCommit(ds, "test", GroupCommit.MAX_WAIT, new H2Upkeep(Duration.ZERO))) {
            Sql sql = new Sql(ds, group);
            Random random = new Random(17);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
            }
            ids.sort(null);
            for (int from = 0; from < TASKS; from += 1000) {
                List<String> run = ids.subList(from, from + 1000);
                sql.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO task (task_id, state, first_seen_at,"
                            + " opened_at, deadline_at, next_poll_at) VALUES (?, 'open', 1, 1, 9999999999999, ?)")) {
                        for (String id : run) {
                            Sql.bind(ps, id, (long) random.nextInt(1_000_000));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    return null;
                });
            }
            long loaded = Files.size(state.resolve("ledger.mv.db"));

            for (int commit = 0; commit < COMMITS; commit++) {
                sql.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE task SET polls = polls + 1, next_poll_at = ?,"
                            + " last_status = 'processing', last_http_status = 200, model = 'midjourney' WHERE task_id = ?")) {
                        for (int row = 0; row < ROWS_PER_COMMIT; row++) {
                            Sql.bind(ps, System.currentTimeMillis() + random.nextInt(60_000), ids.get(random.nextInt(TASKS)));
                            ps.executeUpdate();
                        }
                    }
                    return null;
                });
            }

            long after = Files.size(state.resolve("ledger.mv.db"));
            System.out.printf("H2UpkeepTest: ledger file %d KB loaded, %d KB after %d commits%n", loaded >> 10, after >> 10, COMMITS);
            assertThat(after).as("ledger file after %d commits of %d random updates (%d bytes when loaded)",
                    COMMITS, ROWS_PER_COMMIT, loaded).isLessThan(Math.max(3 * loaded, 16L << 20));
        }
    }
}
