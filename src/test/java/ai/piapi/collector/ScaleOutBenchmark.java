package ai.piapi.collector;

import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of 1, 2 and 3 packaged collectors sharing one PostgreSQL ledger (a benchmark, not a timed test: it
 * asserts nothing and runs only with {@code mvn -B verify -Pbenchmark -Dit.test=ScaleOutBenchmark}). Each run
 * collects {@value #TASKS} tasks that complete at their 2nd poll from a local stand-in that answers after a fixed
 * round trip; the table goes to stdout and {@code target/benchmarks/scale-out.md}.
 */
class ScaleOutBenchmark {
    private static final int TASKS = Integer.getInteger("benchmark.tasks", 600);

    /** How a run is set up: PiAPI's round trip and each instance's GETs in flight. */
    record Scenario(String name, long latencyMs, int concurrency) {
    }

    @TempDir
    Path work;

    @Test
    void throughputOfOneTwoAndThreeInstances() throws Exception {
        List<Scenario> scenarios = List.of(new Scenario("round trip 200 ms, concurrency 4", 200, 4),
                new Scenario("round trip 100 ms, concurrency 16 (the default)", 100, 16));
        StringBuilder table = new StringBuilder("| scenario | instances | tasks | polls | seconds | tasks/s | polls/s |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Scenario scenario : scenarios) {
            for (int instances = 1; instances <= 3; instances++) {
                table.append(run(scenario, instances)).append('\n');
                System.out.println(table);
            }
        }
        Path out = Files.createDirectories(Path.of("target/benchmarks")).resolve("scale-out.md");
        Files.writeString(out, "Load average at the end: " + Files.readString(Path.of("/proc/loadavg")).strip() + "\n\n" + table);
        System.out.println("ScaleOutBenchmark results (also in " + out + "):\n" + table);
    }

    private String run(Scenario scenario, int count) throws Exception {
        Path dir = Files.createDirectories(work.resolve(scenario.latencyMs() + "-" + count));
        List<String> ids = IntStream.range(0, TASKS).mapToObj(i -> "bench-" + i).toList();
        try (PostgresDatabase db = PostgresDatabase.create();
             TaskServer piapi = TaskServer.start((id, poll) -> TaskServer.completesAt(poll, 2), scenario.latencyMs());
             HikariDataSource ledger = db.open(2)) {
            List<CollectorProcess> running = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    running.add(CollectorProcess.start(dir, settings(db, piapi, scenario, dir, "i" + i), dir.resolve("i" + i + ".log"),
                            CollectorProcess.DEFAULT_JVM));
                }
                await().atMost(Duration.ofMinutes(3)).until(() -> Files.exists(dir.resolve("i" + (count - 1) + ".log"))
                        && Files.readString(dir.resolve("i" + (count - 1) + ".log")).contains("started in"));
                Files.createDirectories(dir.resolve("inbox"));
                Files.writeString(dir.resolve("inbox/bench.txt.part"), String.join("\n", ids) + "\n");
                Files.move(dir.resolve("inbox/bench.txt.part"), dir.resolve("inbox/bench.txt"));
                await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500))
                        .until(() -> query(ledger, "SELECT COUNT(*) FROM task WHERE state = 'completed'") == TASKS);
                long first = piapi.requests().get(0).atMillis();
                long last = query(ledger, "SELECT MAX(settled_at) FROM task");
                double seconds = (last - first) / 1000.0;
                int polls = piapi.requestCount();
                return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.1f |", scenario.name(), count,
                        TASKS, polls, seconds, TASKS / seconds, polls / seconds);
            } finally {
                for (CollectorProcess p : running) {
                    p.close();
                }
            }
        }
    }

    private static Properties settings(PostgresDatabase db, TaskServer piapi, Scenario scenario, Path dir, String name)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("piapi.base-url", piapi.baseUrl());
        p.setProperty("piapi.api-key", CollectorRun.API_KEY);
        p.setProperty("collector.ledger.url", db.url());
        p.setProperty("collector.ledger.user", db.user());
        p.setProperty("collector.instance-id", name);
        p.setProperty("collector.inbox-dir", dir.resolve("inbox").toString());
        p.setProperty("collector.completed-dir", dir.resolve("completed").toString());
        p.setProperty("collector.dead-letter-dir", dir.resolve("dead-letter").toString());
        p.setProperty("collector.state-dir", Files.createDirectories(dir.resolve(name)).toString());
        p.setProperty("collector.inbox.scan-interval", "200");
        p.setProperty("collector.poll.initial-delay", "500ms");
        p.setProperty("collector.poll.concurrency", String.valueOf(scenario.concurrency()));
        return p;
    }

    private static long query(HikariDataSource ledger, String sql) throws Exception {
        try (Connection c = ledger.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
