package ai.piapi.collector.bench;

import static ai.piapi.collector.bench.Numbers.f;
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
import java.util.Properties;
import java.util.stream.IntStream;

/**
 * Scale-out on PostgreSQL: 1, 2 and 3 packaged collectors (plain {@code java -jar}) share one ledger and one inbox
 * and collect {@value #DEFAULT_TASKS} tasks that complete at their 2nd poll, from a local stand-in that answers after
 * a fixed round trip. {@code mvn -B -Pbench verify -Dbench=scale-out} writes its own section of
 * {@code docs/BENCHMARKS.md}; {@code -Dbench.scale-out.tasks=N} changes the task count.
 */
final class ScaleOut {
    private static final int DEFAULT_TASKS = 600;
    private static final String START = "<!-- scale-out:start (written by BenchmarkSuite -Dbench=scale-out) -->";
    private static final String END = "<!-- scale-out:end -->";

    /** PiAPI's round trip and each instance's GETs in flight. */
    private record Scenario(String name, long latencyMs, int concurrency) {
    }

    private ScaleOut() {
    }

    static void run(Path doc) throws Exception {
        int tasks = Integer.getInteger("bench.scale-out.tasks", DEFAULT_TASKS);
        List<Scenario> scenarios = List.of(new Scenario("200 ms round trip, concurrency 4", 200, 4),
                new Scenario("100 ms round trip, concurrency 16 (default)", 100, 16));
        StringBuilder rows = new StringBuilder();
        for (Scenario scenario : scenarios) {
            double one = 0;
            for (int instances = 1; instances <= 3; instances++) {
                double[] result = measure(scenario, instances, tasks);
                one = instances == 1 ? result[0] : one;
                rows.append("| %s | %d | %s | %s | %s | %sx |%n".formatted(scenario.name(), instances, f(result[2]),
                        f(result[0]), f(result[1]), f(result[0] / one)));
                System.out.println("scale-out: " + scenario.name() + ", " + instances + " instance(s): "
                        + f(result[0]) + " tasks/s, " + f(result[1]) + " polls/s");
            }
        }
        write(doc, section(tasks, rows.toString()));
    }

    /** tasks/s, polls/s and seconds, from the first GET to the last settle. */
    private static double[] measure(Scenario scenario, int count, int tasks) throws Exception {
        Path dir = Files.createTempDirectory("scale-out");
        List<String> ids = IntStream.range(0, tasks).mapToObj(i -> "bench-" + i).toList();
        List<CollectorProcess> running = new ArrayList<>();
        try (PostgresDatabase db = PostgresDatabase.create();
             TaskServer piapi = TaskServer.start((id, poll) -> TaskServer.completesAt(poll, 2), scenario.latencyMs());
             HikariDataSource ledger = db.open(2)) {
            for (int i = 0; i < count; i++) {
                running.add(CollectorProcess.start(dir, settings(db, piapi, scenario, dir, "i" + i), dir.resolve("i" + i + ".log"),
                        "-Xmx256m")); // the JVM's defaults otherwise, as an operator runs it
            }
            for (int i = 0; i < count; i++) {
                Path log = dir.resolve("i" + i + ".log");
                await().atMost(Duration.ofMinutes(3)).until(() -> Files.readString(log).contains("started in"));
            }
            Files.createDirectories(dir.resolve("inbox"));
            Files.write(dir.resolve("inbox/bench.txt.part"), ids);
            Files.move(dir.resolve("inbox/bench.txt.part"), dir.resolve("inbox/bench.txt"));
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> query(ledger, "SELECT COUNT(*) FROM task WHERE state = 'completed'") == tasks);
            long first = piapi.requests().get(0).atMillis();
            double seconds = (query(ledger, "SELECT MAX(settled_at) FROM task") - first) / 1000.0;
            return new double[] {tasks / seconds, piapi.requestCount() / seconds, seconds};
        } finally {
            for (CollectorProcess p : running) {
                p.close();
            }
            BenchmarkSuite.deleteTree(dir);
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

    private static String section(int tasks, String rows) throws IOException {
        return START + "\n## Scale-out on PostgreSQL\n\n"
                + "Run on " + BenchmarkSuite.now() + " with `mvn -B -Pbench verify -Dbench=scale-out`; machine: "
                + Runtime.getRuntime().availableProcessors() + " cores, load average at the end "
                + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " (the machine is shared: other builds"
                + " ran alongside). PostgreSQL 15 on the same machine.\n\n"
                + "Each run: " + tasks + " tasks that complete at their 2nd poll (0.5 s apart), dropped as one file in"
                + " the shared inbox once every instance has started; 1, 2 or 3 collectors (`java -Xmx256m -jar`, one"
                + " JVM each) on one fresh PostgreSQL database; a local stand-in that answers every GET after a fixed"
                + " round trip. Throughput = tasks / (last settle in the ledger − first GET at the stand-in).\n\n"
                + "| scenario | instances | seconds | tasks/s | polls/s | tasks/s vs 1 instance |\n"
                + "| --- | --- | --- | --- | --- | --- |\n" + rows + "\n"
                + "How to read it: with a slow round trip and few GETs in flight an instance waits on the network, and"
                + " each added instance adds its own GETs in flight (at most `instances x concurrency / round trip`"
                + " polls/s). With the default concurrency the two cores, shared by all JVMs, PostgreSQL and the stand-in,"
                + " are the limit sooner, so more instances on the same machine add little: scale out across machines."
                + "\n" + END + "\n";
    }

    private static void write(Path doc, String body) throws IOException {
        String old = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n";
        String updated = old.contains(START) && old.contains(END)
                ? old.substring(0, old.indexOf(START)) + body + old.substring(old.indexOf(END) + END.length() + 1)
                : old + (old.endsWith("\n") ? "" : "\n") + "\n" + body;
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, updated);
    }

    private static long query(HikariDataSource ledger, String sql) throws Exception {
        try (Connection c = ledger.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
