package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import ai.piapi.collector.support.PostgresDatabase;
import ai.piapi.collector.support.TaskServer;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three packaged collectors share one PostgreSQL ledger and one set of folders and collect 5,000 tasks from a local
 * stand-in; one of them is killed with {@code kill -9} midway. Every task must end settled exactly once: no task
 * lost, none stored or dead-lettered twice, none polled after it was settled (the stand-in's request log is held
 * against the ledger's {@code settled_at}).
 */
class ScaleOutIT {
    private static final int TASKS = 5000;
    private static final int FILES = 10;
    /** The server trusts local connections and ignores it, but the collector is handed it like a real one. */
    private static final String LEDGER_PASSWORD = "pg-pass-9d41-NEVER-LOG";
    private static final Pattern SETTLE_LINE = Pattern.compile("task (scale-\\d+) (completed after|dead-lettered)");

    @TempDir
    Path work;

    /** Task i fails at its 2nd poll when i is a multiple of 25, completes at its 2nd poll when a multiple of 10, else at its 1st. */
    private static String fate(String id, int poll) {
        int i = Integer.parseInt(id.substring("scale-".length()));
        if (i % 25 == 0) {
            return poll >= 2 ? "failed" : "processing";
        }
        return TaskServer.completesAt(poll, i % 10 == 0 ? 2 : 1);
    }

    @Test
    void threeInstancesSettleEveryTaskOnceThoughOneIsKilledMidway() throws Exception {
        List<String> ids = IntStream.range(0, TASKS).mapToObj(i -> String.format("scale-%04d", i)).toList();
        try (PostgresDatabase db = PostgresDatabase.create(); TaskServer piapi = TaskServer.start(ScaleOutIT::fate, 0)) {
            Path inbox = Files.createDirectories(work.resolve("inbox"));
            for (int f = 0; f < FILES; f++) {
                Path part = inbox.resolve("batch-" + f + ".txt.part");
                Files.writeString(part, String.join("\n", ids.subList(f * TASKS / FILES, (f + 1) * TASKS / FILES)) + "\n");
                Files.move(part, inbox.resolve("batch-" + f + ".txt"));
            }
            Map<String, CollectorProcess> instances = new HashMap<>();
            for (String name : List.of("a", "b", "c")) { // all at once: their Flyway migrations race too
                Files.deleteIfExists(log(name));
                Files.deleteIfExists(CollectorProcess.errorFile(log(name)));
                instances.put(name, CollectorProcess.start(work, settings(db, piapi, name), log(name)));
            }
            try (HikariDataSource ledger = db.open(2); AutoCloseable stopAll = () -> stop(instances)) {
                await().atMost(Duration.ofSeconds(300)).until(() -> count(ledger, "state <> 'open'") >= TASKS * 3 / 10);
                long heldByB = count(ledger, "state = 'open' AND lease_owner = 'b'");
                instances.get("b").killHard();
                assertThat(count(ledger, "state = 'open'")).as("killed midway").isPositive();

                await().atMost(Duration.ofSeconds(300)).until(() -> count(ledger, "state = 'open'") == 0);
                instances.get("a").close();
                instances.get("c").close();

                assertThat(heldByB).as("b held leases when it was killed; the others took them over").isPositive();
                assertThat(count(ledger, "state = 'completed'")).isEqualTo(TASKS - TASKS / 25);
                assertThat(count(ledger, "state = 'dead' AND reason = 'task_failed'")).isEqualTo(TASKS / 25);
                assertThat(query(ledger, "SELECT COUNT(*) FROM (SELECT task_id FROM task_event WHERE kind IN"
                        + " ('completed', 'dead_lettered') GROUP BY task_id HAVING COUNT(*) <> 1) wrong")).as("settled twice").isZero();
                assertThat(query(ledger, "SELECT COUNT(*) FROM task WHERE duplicates > 0")).as("an inbox file read twice").isZero();
                assertNoPollAfterSettling(ledger, piapi.requests());
                assertNoSecretIn(ledger);
            }
            assertEachTaskStoredOnce(ids);
            assertSettledOnceInTheLogs();
            CollectorRun.assertNoSecretUnder(work, PiapiStub.WEBHOOK_SECRET, LEDGER_PASSWORD);
            CollectorRun.assertNoSecretUnder(log("a").getParent(), PiapiStub.WEBHOOK_SECRET, LEDGER_PASSWORD);
        }
    }

    private Properties settings(PostgresDatabase db, TaskServer piapi, String name) throws IOException {
        Properties p = new Properties();
        p.setProperty("piapi.base-url", piapi.baseUrl());
        p.setProperty("piapi.api-key", CollectorRun.API_KEY);
        p.setProperty("piapi.connect-timeout", "1s");
        p.setProperty("piapi.read-timeout", "3s");
        p.setProperty("collector.ledger.url", db.url());
        p.setProperty("collector.ledger.user", db.user());
        p.setProperty("collector.ledger.password", LEDGER_PASSWORD);
        p.setProperty("collector.ledger.lease", "6s");
        p.setProperty("collector.instance-id", name);
        p.setProperty("collector.inbox-dir", work.resolve("inbox").toString());
        p.setProperty("collector.completed-dir", work.resolve("completed").toString());
        p.setProperty("collector.dead-letter-dir", work.resolve("dead-letter").toString());
        p.setProperty("collector.state-dir", Files.createDirectories(work.resolve(name)).toString());
        p.setProperty("collector.inbox.scan-interval", "200");
        p.setProperty("collector.poll.initial-delay", "300ms");
        p.setProperty("collector.poll.max-delay", "1s");
        p.setProperty("collector.poll.concurrency", "8");
        p.setProperty("collector.poll.claim-interval", "100");
        p.setProperty("collector.progress-interval", "5000");
        return p;
    }

    /** The stand-in's log against the ledger: every request for a task arrived before the task was settled. */
    private static void assertNoPollAfterSettling(HikariDataSource ledger, List<TaskServer.Request> requests) throws Exception {
        Map<String, Long> settledAt = new HashMap<>();
        try (Connection c = ledger.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT task_id, settled_at FROM task")) {
            while (rs.next()) {
                settledAt.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertThat(requests).hasSizeGreaterThanOrEqualTo(TASKS + TASKS / 25 + TASKS / 10 - TASKS / 50);
        List<TaskServer.Request> late = requests.stream().filter(r -> r.atMillis() > settledAt.get(r.taskId())).toList();
        assertThat(late).as("polls after the task was settled").isEmpty();
    }

    private static void assertNoSecretIn(HikariDataSource ledger) throws Exception {
        for (String table : List.of("task", "task_event", "inbox_claim", "poll_pace")) {
            String rows = "SELECT COUNT(*) FROM " + table + " t WHERE t::text LIKE '%%%s%%'";
            assertThat(query(ledger, rows.formatted(CollectorRun.API_KEY))).as("API key in " + table).isZero();
            assertThat(query(ledger, rows.formatted(PiapiStub.WEBHOOK_SECRET))).as("webhook secret in " + table).isZero();
            assertThat(query(ledger, rows.formatted(LEDGER_PASSWORD))).as("ledger password in " + table).isZero();
        }
    }

    private void assertEachTaskStoredOnce(List<String> ids) throws IOException {
        Set<String> completed = names(work.resolve("completed"));
        Set<String> dead = names(work.resolve("dead-letter"));
        assertThat(completed).hasSize(TASKS - TASKS / 25).doesNotContainAnyElementsOf(dead);
        assertThat(dead).hasSize(TASKS / 25);
        Set<String> all = new HashSet<>(completed);
        all.addAll(dead);
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
        try (Stream<Path> files = Stream.concat(Files.list(work.resolve("completed")), Files.list(work.resolve("dead-letter")))) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    /** Each instance logs a task's settling only when its own ledger transition succeeded: at most once in all logs. */
    private void assertSettledOnceInTheLogs() throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        for (String name : List.of("a", "b", "c")) {
            Matcher m = SETTLE_LINE.matcher(Files.readString(log(name)));
            while (m.find()) {
                lines.merge(m.group(1), 1, Integer::sum);
            }
        }
        assertThat(lines.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList()).isEmpty();
        assertThat(lines.size()).as("the killed instance may die between settling and logging").isGreaterThan(TASKS - 20);
    }

    private static void stop(Map<String, CollectorProcess> instances) throws InterruptedException {
        for (CollectorProcess p : instances.values()) {
            p.close();
        }
    }

    /** Each instance's output, kept with the test logs (which the secret-leak check greps too). */
    private static Path log(String name) throws IOException {
        return Files.createDirectories(Path.of("target/test-logs/scale-out")).resolve(name + ".log").toAbsolutePath();
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - ".json".length())).collect(Collectors.toSet());
        }
    }

    private static long count(HikariDataSource ledger, String where) throws Exception {
        return query(ledger, "SELECT COUNT(*) FROM task WHERE " + where);
    }

    private static long query(HikariDataSource ledger, String sql) throws Exception {
        try (Connection c = ledger.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
