package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.TaskServer;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} while a large inbox file is being taken in, after some of its tasks were already dead-lettered: at
 * the restart the file is read again (it never left the inbox), and that second read must admit only what the first
 * did not; the tasks dead-lettered in between stay dead (a new file would reopen them, this one must not).
 */
class InboxRereadIT {
    private static final int IDS = 120_000;

    @TempDir
    Path work;

    /** Every 10th of the first 1,000 tasks fails at its first poll; the rest keep running. */
    private static String fate(String id, int poll) {
        int i = Integer.parseInt(id.substring("big-".length()));
        return i < 1000 && i % 10 == 0 ? "failed" : "processing";
    }

    @Test
    void aFileReadAgainAfterACrashReopensNoTaskDeadLetteredInBetween() throws Exception {
        try (TaskServer piapi = TaskServer.start(InboxRereadIT::fate, 0)) {
            Path inbox = Files.createDirectories(work.resolve("data/inbox"));
            Path part = inbox.resolve("big.txt.part");
            try (BufferedWriter out = Files.newBufferedWriter(part)) {
                for (int i = 0; i < IDS; i++) {
                    out.write(String.format("big-%06d%n", i));
                }
            }
            Path big = Files.move(part, inbox.resolve("big.txt"));
            Properties settings = new Properties();
            settings.setProperty("piapi.base-url", piapi.baseUrl());
            settings.setProperty("piapi.api-key", CollectorRun.API_KEY);
            settings.setProperty("collector.poll.max-rate", "100"); // the running tasks are polled slowly: a light load
            settings.setProperty("collector.poll.initial-delay", "1m");
            settings.setProperty("collector.poll.max-delay", "5m");

            CollectorProcess first = CollectorProcess.start(work, settings, work.resolve("first.log"));
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLettered().size() >= 10);
            first.killHard();
            Set<String> dead = deadInLedger(); // a record written but not yet settled is polled again: not counted here
            assertThat(dead).hasSizeGreaterThanOrEqualTo(5);
            assertThat(big).as("killed while the file was still being taken in").exists();
            assertThat(Files.readString(work.resolve("first.log"))).doesNotContain("inbox big.txt:");

            long restartedAt = System.currentTimeMillis();
            try (CollectorProcess second = CollectorProcess.start(work, settings, work.resolve("second.log"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> second.stdout().contains("inbox big.txt:"));
                assertThat(second.stdout()).contains("inbox big.txt: ").contains(" 0 reopened, ");
                await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(big));
            }

            assertThat(piapi.requests()).as("no dead-lettered task polled again after the restart")
                    .filteredOn(r -> r.atMillis() >= restartedAt && dead.contains(r.taskId())).isEmpty();
            assertThat(deadInLedger()).containsAll(dead);
            try (HikariDataSource ds = ledger(); Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT COUNT(*) FROM task")).isEqualTo(IDS);
                assertThat(count(st, "SELECT COUNT(*) FROM task WHERE reopened > 0")).as("tasks reopened").isZero();
            }
        }
    }

    private HikariDataSource ledger() {
        return LedgerDatabase.open(LedgerDatabase.embeddedUrl(work.resolve("data/state")), null, null, 2);
    }

    /** Tasks the ledger has settled dead (the collector is not running: the embedded ledger admits one process). */
    private Set<String> deadInLedger() throws Exception {
        Set<String> dead = new java.util.HashSet<>();
        try (HikariDataSource ds = ledger(); Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT task_id FROM task WHERE state = 'dead'")) {
            while (rs.next()) {
                dead.add(rs.getString(1));
            }
        }
        return dead;
    }

    /** Task IDs with a dead-letter record. */
    private Set<String> deadLettered() throws IOException {
        Path dir = work.resolve("data/dead-letter");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("big-") && n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).collect(Collectors.toSet());
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
