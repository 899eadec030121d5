package ai.piapi.collector.bench;

import static ai.piapi.collector.bench.Numbers.f;

import ai.piapi.collector.simulator.PiapiSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;

/**
 * 4. Start-up: time from {@code java -jar} to the first poll, one task in a fresh inbox; plain, and with the
 * class-data-sharing archive the build makes ({@code target/piapi-collector.jsa}).
 */
final class Startup {
    static final int RUNS = 5;
    static final Path ARCHIVE = Path.of("target/piapi-collector.jsa").toAbsolutePath();

    private Startup() {
    }

    static void run(Report report) throws Exception {
        double[] plain;
        double[] shared = null;
        double[] launcher;
        try (PiapiSimulator sim = BenchmarkSuite.simulator("--duration=fixed:0")) {
            firstPoll(sim); // one unmeasured run: the simulator's own JVM warms up, the page cache is filled
            plain = measure(sim);
            if (Files.isReadable(ARCHIVE)) {
                shared = measure(sim, "-XX:SharedArchiveFile=" + ARCHIVE);
            }
            launcher = measureLauncher(sim);
        }
        report.section("startup", """
                ### 4. Start-up (`java -jar` to the first poll)

                | command | runs | median | best | worst | target |
                | --- | --- | --- | --- | --- | --- |
                | `java -jar target/piapi-collector.jar` | %d | %s s | %s s | %s s | ≤ 3 s |
                %s
                Fresh state folder each run (the ledger is created and migrated), one task in the inbox; measured from
                the launch of the process to the simulator receiving the first GET.
                """.formatted(RUNS, f(Numbers.percentile(plain, 50)), f(Numbers.percentile(plain, 0)),
                f(Numbers.percentile(plain, 100)), (shared == null ? "| (no archive: build with `mvn package` on Unix) | | | | | |\n"
                        : row("`java -XX:SharedArchiveFile=target/piapi-collector.jsa -jar target/piapi-collector.jar`", shared))
                        + row("`bin/piapi-collector` (the README's run command)", launcher)));
    }

    private static String row(String command, double[] seconds) {
        return "| %s | %d | %s s | %s s | %s s | ≤ 3 s |\n".formatted(command, RUNS, f(Numbers.percentile(seconds, 50)),
                f(Numbers.percentile(seconds, 0)), f(Numbers.percentile(seconds, 100)));
    }

    private static double[] measureLauncher(PiapiSimulator sim) throws Exception {
        double[] seconds = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            sim.stats().markFirstRequest();
            long launched = System.currentTimeMillis();
            Path work = Files.createTempDirectory("bench-start");
            try {
                Files.createDirectories(work.resolve("data/inbox"));
                Files.write(work.resolve("data/inbox/ids.txt"), List.of("start-" + System.nanoTime()));
                try (ai.piapi.collector.support.CollectorProcess run = ai.piapi.collector.support.CollectorProcess.startLauncher(
                        work, BenchmarkSuite.settings(sim), work.resolve("collector.log"))) {
                    Awaitility.await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofMinutes(1))
                            .until(() -> sim.stats().firstRequestAt() > 0);
                    seconds[i] = (sim.stats().firstRequestAt() - launched) / 1000.0;
                    run.awaitExit(60);
                }
            } finally {
                BenchmarkSuite.deleteTree(work);
            }
        }
        return seconds;
    }

    private static double[] measure(PiapiSimulator sim, String... jvmOptions) throws Exception {
        double[] seconds = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            seconds[i] = firstPoll(sim, jvmOptions);
        }
        return seconds;
    }

    private static double firstPoll(PiapiSimulator sim, String... jvmOptions) throws Exception {
        sim.stats().markFirstRequest();
        long launched = System.currentTimeMillis();
        CompletableFuture<LedgerRows> run = CompletableFuture.supplyAsync(() -> {
            try {
                return BenchmarkSuite.batch(List.of("start-" + System.nanoTime()), BenchmarkSuite.settings(sim), jvmOptions);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofMinutes(1))
                .until(() -> sim.stats().firstRequestAt() > 0);
        double seconds = (sim.stats().firstRequestAt() - launched) / 1000.0;
        run.get();
        return seconds;
    }
}
