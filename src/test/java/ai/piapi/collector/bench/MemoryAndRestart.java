package ai.piapi.collector.bench;

import static ai.piapi.collector.bench.Numbers.f;

import ai.piapi.collector.simulator.PiapiSimulator;
import ai.piapi.collector.support.CollectorProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.awaitility.Awaitility;

/**
 * 3. Memory and restart: 100,000 open tasks in the ledger, heap and RSS while polling, restart to first poll; with
 * plain {@code java -jar} (the JVM's defaults for the machine) and with the launcher {@code bin/piapi-collector}.
 */
final class MemoryAndRestart {
    static final int TASKS = 100_000;
    static final Duration WINDOW = Duration.ofSeconds(60);

    private MemoryAndRestart() {
    }

    interface Launch {
        CollectorProcess start(Path work, Properties settings, Path log) throws IOException;
    }

    record Result(double intakeSeconds, double pollsPerSecond, double peakRssMb, String heap, double restartSeconds) {
    }

    static void run(Report report) throws Exception {
        Result plain = measure((w, s, log) -> CollectorProcess.start(w, s, log, new String[0]));
        Result launcher = measure(CollectorProcess::startLauncher);
        report.section("memory", """
                ### 3. Memory and restart (100,000 open tasks)

                | measure | `java -jar` (JVM defaults) | `bin/piapi-collector` | target |
                | --- | --- | --- | --- |
                | intake of 100,000 IDs (one file, start to file moved to .done) | %s s | %s s | |
                | polls per second while all 100,000 are open (%d s window) | %s | %s | |
                | peak RSS while polling | %s MB | %s MB | < 300 MB |
                | heap used at the end of the window | %s | %s | |
                | restart to first poll, 100,000 open tasks in the ledger | %s s | %s s | |

                The tasks never end (the simulator answers `processing` for 10 hours), so the collector polls flat out:
                100,000 tasks at up to 30 s apart ask for more polls than one process makes. `java -jar` leaves the heap
                to the JVM's defaults for this machine (a quarter of its memory as the limit, so G1 grows the heap long
                before it needs to); `bin/piapi-collector` runs `java -Xmx96m -XX:+UseSerialGC` with
                `MALLOC_ARENA_MAX=2` and the class-data-sharing archive, which is what the README's run command uses.
                """.formatted(f(plain.intakeSeconds()), f(launcher.intakeSeconds()), WINDOW.toSeconds(),
                f(plain.pollsPerSecond()), f(launcher.pollsPerSecond()), f(plain.peakRssMb()), f(launcher.peakRssMb()),
                plain.heap(), launcher.heap(), f(plain.restartSeconds()), f(launcher.restartSeconds())));
    }

    private static Result measure(Launch launch) throws Exception {
        Path work = Files.createTempDirectory("bench-mem");
        try (PiapiSimulator sim = BenchmarkSuite.simulator("--duration=fixed:36000000")) {
            Properties settings = BenchmarkSuite.settings(sim, "collector.exit-when-done", "false");
            Path inbox = Files.createDirectories(work.resolve("data/inbox"));
            Files.write(inbox.resolve("open.txt"), BenchmarkSuite.ids("mem", TASKS));
            long intakeStart = System.currentTimeMillis();
            CollectorProcess first = launch.start(work, settings, work.resolve("first.log"));
            Awaitility.await().atMost(Duration.ofMinutes(10)).until(() -> Files.notExists(inbox.resolve("open.txt")));
            double intakeSeconds = (System.currentTimeMillis() - intakeStart) / 1000.0;

            long requestsBefore = sim.stats().requests();
            long[] peakRss = {0};
            long windowEnd = System.currentTimeMillis() + WINDOW.toMillis();
            Awaitility.await().pollInterval(Duration.ofSeconds(2)).atMost(WINDOW.plusSeconds(30)).until(() -> {
                peakRss[0] = Math.max(peakRss[0], Memory.rssKb(first.pid()));
                return System.currentTimeMillis() >= windowEnd;
            });
            double pollsPerSecond = (sim.stats().requests() - requestsBefore) / (double) WINDOW.toSeconds();
            String heap = Memory.heapUsed(first.pid());
            first.close();

            sim.stats().markFirstRequest();
            long launched = System.currentTimeMillis();
            try (CollectorProcess second = launch.start(work, settings, work.resolve("second.log"))) {
                Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofMinutes(2))
                        .until(() -> sim.stats().firstRequestAt() > 0);
            }
            double restartSeconds = (sim.stats().firstRequestAt() - launched) / 1000.0;
            return new Result(intakeSeconds, pollsPerSecond, peakRss[0] / 1024.0, heap, restartSeconds);
        } finally {
            BenchmarkSuite.deleteTree(work);
        }
    }
}
