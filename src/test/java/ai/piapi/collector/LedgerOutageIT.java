package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.format.Durations;
import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PostgresDatabase;
import ai.piapi.collector.support.Readiness;
import ai.piapi.collector.support.TaskServer;
import ai.piapi.collector.support.TcpProxy;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL ledger out of reach under load: a relay this test controls sits between the packaged collector and
 * the machine's PostgreSQL (which keeps running for everyone else) and is cut for a while, then restored. Nothing may
 * be lost, dead-lettered or settled twice for it; readiness names the ledger while it is out; the log says so once.
 * The outage lasts {@code -Dcollector.test.ledger-outage} (30s by default; the minute: {@code =60s}).
 */
class LedgerOutageIT {
    private static final int TASKS = 400;
    private static final Duration OUTAGE = Durations.parse(System.getProperty("collector.test.ledger-outage", "30s"));

    @TempDir
    Path work;

    /** Every 20th task fails at its 2nd poll; the others complete at their 2nd or 3rd, so polling goes on throughout. */
    private static String fate(String id, int poll) {
        int i = Integer.parseInt(id.substring("ledger-".length()));
        if (i % 20 == 0) {
            return poll >= 2 ? "failed" : "processing";
        }
        return TaskServer.completesAt(poll, 2 + i % 2);
    }

    @Test
    void anUnreachableLedgerPausesTheWorkAndLosesNothing() throws Exception {
        List<String> ids = IntStream.range(0, TASKS).mapToObj(i -> String.format("ledger-%04d", i)).toList();
        try (PostgresDatabase db = PostgresDatabase.create(); TcpProxy relay = TcpProxy.to("127.0.0.1", 5432);
             TaskServer piapi = TaskServer.start(LedgerOutageIT::fate, 20); HikariDataSource ledger = db.open(2)) {
            Path inbox = Files.createDirectories(work.resolve("data/inbox"));
            drop(inbox, "first.txt", ids.subList(0, TASKS / 2));
            Properties settings = new Properties();
            settings.setProperty("piapi.base-url", piapi.baseUrl());
            settings.setProperty("piapi.api-key", CollectorRun.API_KEY);
            settings.setProperty("collector.ledger.url", db.url().replace(":5432/", ":" + relay.port() + "/"));
            settings.setProperty("collector.ledger.user", db.user());
            settings.setProperty("collector.instance-id", "outage-test");
            settings.setProperty("collector.ledger.lease", "15s"); // shorter than the outage: leases run out meanwhile
            settings.setProperty("piapi.read-timeout", "5s");
            settings.setProperty("piapi.connect-timeout", "2s");
            settings.setProperty("collector.poll.initial-delay", "300ms");
            settings.setProperty("collector.poll.max-delay", "2s");
            settings.setProperty("collector.poll.concurrency", "8");
            settings.setProperty("collector.inbox.scan-interval", "200");
            Path log = work.resolve("collector.log");

            try (CollectorProcess collector = CollectorProcess.start(work, settings, log)) {
                URI base = collector.httpBase(60);
                await().atMost(Duration.ofSeconds(90)).until(() -> count(ledger, "state <> 'open'") >= TASKS / 8);

                relay.cut();
                drop(inbox, "second.txt", ids.subList(TASKS / 2, TASKS)); // taken in once the ledger is back
                await().atMost(Duration.ofSeconds(30)).until(() -> Readiness.of(base).contains("collector-ledger"));
                long settledAtCut = count(ledger, "state <> 'open'");
                await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).until(() ->
                        Readiness.of(base).contains("collector-ledger") && deadLetterFiles() <= TASKS / 20);
                assertThat(collector.isAlive()).isTrue();
                assertThat(relay.refused()).as("the collector kept trying").isPositive();
                relay.restore();

                await().atMost(Duration.ofSeconds(150)).until(() -> count(ledger, "state = 'open'") == 0
                        && count(ledger, "state <> 'open'") == TASKS);
                await().atMost(Duration.ofSeconds(30)).until(() -> Readiness.of(base).equals("UP"));
                assertThat(settledAtCut).as("cut midway").isLessThan(TASKS);
            }

            assertThat(count(ledger, "state = 'dead'")).as("only the tasks that failed").isEqualTo(TASKS / 20);
            assertThat(count(ledger, "state = 'dead' AND reason <> 'task_failed'")).isZero();
            assertThat(count(ledger, "state = 'completed'")).isEqualTo(TASKS - TASKS / 20);
            assertThat(settledMoreThanOnce(ledger)).as("tasks settled more than once").isZero();
            assertThat(count(ledger, "transient_errors > 0")).as("no task was blamed for the outage").isZero();
            assertThat(jsonFiles("data/completed")).isEqualTo(TASKS - TASKS / 20);
            assertThat(deadLetterFiles()).isEqualTo(TASKS / 20);
            try (Stream<Path> all = Files.walk(work.resolve("data"))) {
                assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.endsWith(".part")))
                        .as("no partial file anywhere").isEmpty();
            }
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).filteredOn(l -> l.contains("the ledger database") && l.contains("is unavailable"))
                    .as("the outage is logged once").hasSizeBetween(1, 2);
            assertThat(lines).filteredOn(l -> l.contains("the ledger database") && l.contains("is available again"))
                    .hasSizeBetween(1, 2);
            assertThat(lines).filteredOn(l -> l.startsWith("\tat ")).as("stack traces").hasSizeLessThan(40);
            assertThat(lines.size()).as("log lines in all").isLessThan(TASKS * 2 + 200);
        }
    }

    private static void drop(Path inbox, String name, List<String> ids) throws IOException {
        Path part = inbox.resolve(name + ".part");
        Files.writeString(part, String.join("\n", ids) + "\n");
        Files.move(part, inbox.resolve(name));
    }

    private static long count(HikariDataSource ledger, String where) throws Exception {
        try (Connection c = ledger.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM task WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long settledMoreThanOnce(HikariDataSource ledger) throws Exception {
        try (Connection c = ledger.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM (SELECT task_id FROM task_event WHERE kind IN"
                     + " ('completed', 'dead_lettered') GROUP BY task_id HAVING COUNT(*) <> 1) twice")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long deadLetterFiles() throws IOException {
        return jsonFiles("data/dead-letter");
    }

    private long jsonFiles(String folder) throws IOException {
        Path dir = work.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
