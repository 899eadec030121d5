package ai.piapi.collector.bench;

import ai.piapi.collector.simulator.PiapiSimulator;
import ai.piapi.collector.simulator.SimulatedTask;
import ai.piapi.collector.simulator.SimulatorConfig;
import ai.piapi.collector.support.CollectorProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The benchmark suite: the packaged collector (its own JVM, plain {@code java -jar}) against the simulator,
 * side by side with its yardsticks in the same run. Run with {@code mvn -B -Pbench verify}; writes
 * {@code docs/BENCHMARKS.md}. {@code -Dbench=throughput,efficiency,adaptive,memory,startup} picks some; {@code -Dbench=scale-out}
 * (not in the default set: it needs PostgreSQL) measures 1, 2 and 3 instances on one PostgreSQL ledger.
 */
public final class BenchmarkSuite {
    static final int CONCURRENCY = 16;

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        List<String> which = Arrays.asList(System.getProperty("bench", "throughput,efficiency,adaptive,memory,startup").split(","));
        Report report = new Report();
        if (which.contains("throughput")) {
            Throughput.run(report);
        }
        if (which.contains("efficiency")) {
            PollEfficiency.run(report);
        }
        if (which.contains("adaptive")) {
            AdaptivePolling.run(report);
        }
        if (which.contains("memory")) {
            MemoryAndRestart.run(report);
        }
        if (which.contains("startup")) {
            Startup.run(report);
        }
        if (!report.isEmpty()) {
            report.write(Path.of("docs/BENCHMARKS.md"));
        }
        if (which.contains("scale-out")) { // needs PostgreSQL, so only when asked for; writes its own section
            ScaleOut.run(Path.of("docs/BENCHMARKS.md"));
        }
    }

    static PiapiSimulator simulator(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--port=0", "--failed-rate=0", "--cancelled-rate=0"));
        all.addAll(List.of(args));
        return PiapiSimulator.start(SimulatorConfig.parse(all.toArray(String[]::new)));
    }

    static List<String> ids(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("%s-%06d", prefix, i)).toList();
    }

    static Properties settings(PiapiSimulator sim, String... keyValues) {
        Properties p = new Properties();
        p.setProperty("piapi.base-url", sim.baseUrl());
        p.setProperty("piapi.api-key", "bench-key-not-a-secret");
        p.setProperty("collector.exit-when-done", "true");
        p.setProperty("collector.progress-interval", "600000");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /** Runs the jar in batch mode on {@code ids} and returns its ledger. */
    static LedgerRows batch(List<String> ids, Properties settings) throws Exception {
        return batch(ids, settings, new String[0]); // plain java -jar
    }

    /** The same with JVM options in front of {@code -jar}. */
    static LedgerRows batch(List<String> ids, Properties settings, String... jvmOptions) throws Exception {
        Path work = Files.createTempDirectory("bench");
        try {
            Files.createDirectories(work.resolve("data/inbox"));
            Files.write(work.resolve("data/inbox/ids.txt"), ids);
            CollectorProcess run = CollectorProcess.start(work, settings, work.resolve("collector.log"), jvmOptions);
            int code = run.awaitExit(3600);
            if (code != 0 && code != 2) {
                throw new IllegalStateException("collector exited " + code + ": " + run.stderr());
            }
            return LedgerRows.read(work.resolve("data/state"));
        } finally {
            deleteTree(work);
        }
    }

    /** Detection delay of each task in ms: settled by the collector minus completed at the simulator. */
    static double[] detectionDelays(LedgerRows rows, PiapiSimulator sim) {
        return rows.rows().entrySet().stream().mapToDouble(e -> {
            SimulatedTask task = sim.task(e.getKey());
            return e.getValue().settledAt() - task.endAt();
        }).toArray();
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String now() {
        return Instant.now().toString();
    }
}
