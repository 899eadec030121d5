package ai.piapi.collector.bench;

import static ai.piapi.collector.bench.Numbers.f;

import ai.piapi.collector.simulator.PiapiSimulator;
import ai.piapi.collector.support.CollectorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.awaitility.Awaitility;

/** 3. Memory and restart: 100,000 open tasks in the ledger, heap and RSS while polling, restart to first poll. */
final class MemoryAndRestart {
    static final int TASKS = 100_000;
    static final Duration WINDOW = Duration.ofSeconds(60);

    private MemoryAndRestart() {
    }

    static void run(Report report) throws Exception {
        Path work = Files.createTempDirectory("bench-mem");
        try (PiapiSimulator sim = BenchmarkSuite.simulator("--duration=fixed:36000000")) {
            Properties settings = BenchmarkSuite.settings(sim, "collector.exit-when-done", "false");
            Path inbox = Files.createDirectories(work.resolve("data/inbox"));
            Files.write(inbox.resolve("open.txt"), BenchmarkSuite.ids("mem", TASKS));
            long intakeStart = System.currentTimeMillis();
            CollectorProcess first = CollectorProcess.start(work, settings, work.resolve("first.log"), new String[0]);
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
            try (CollectorProcess second = CollectorProcess.start(work, settings, work.resolve("second.log"), new String[0])) {
                Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofMinutes(2))
                        .until(() -> sim.stats().firstRequestAt() > 0);
            }
            double restartSeconds = (sim.stats().firstRequestAt() - launched) / 1000.0;
            report.section("memory", """
                    ### 3. Memory and restart (100,000 open tasks)

                    | measure | value | target |
                    | --- | --- | --- |
                    | intake of 100,000 IDs (one file, start to file moved to .done) | %s s | |
                    | polls per second while all 100,000 are open (%d s window) | %s | |
                    | peak RSS while polling | %s MB | < 300 MB |
                    | heap used at the end of the window | %s | |
                    | restart (`java -jar`) to first poll, 100,000 open tasks in the ledger | %s s | |

                    JVM: plain `java -jar` (no heap option; the JVM picks its defaults for this machine).
                    """.formatted(f(intakeSeconds), WINDOW.toSeconds(), f(pollsPerSecond), f(peakRss[0] / 1024.0),
                    heap, f(restartSeconds)));
        } finally {
            BenchmarkSuite.deleteTree(work);
        }
    }
}
