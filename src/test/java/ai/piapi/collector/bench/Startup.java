package ai.piapi.collector.bench;

import static ai.piapi.collector.bench.Numbers.f;

import ai.piapi.collector.simulator.PiapiSimulator;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** 4. Start-up: time from {@code java -jar} to the first poll, one task in a fresh inbox. */
final class Startup {
    static final int RUNS = 5;

    private Startup() {
    }

    static void run(Report report) throws Exception {
        double[] seconds = new double[RUNS];
        try (PiapiSimulator sim = BenchmarkSuite.simulator("--duration=fixed:0")) {
            for (int i = 0; i < RUNS; i++) {
                sim.stats().markFirstRequest();
                long launched = System.currentTimeMillis();
                java.util.concurrent.CompletableFuture<LedgerRows> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return BenchmarkSuite.batch(List.of("start-" + System.nanoTime()), BenchmarkSuite.settings(sim));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Awaitility.await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofMinutes(1))
                        .until(() -> sim.stats().firstRequestAt() > 0);
                seconds[i] = (sim.stats().firstRequestAt() - launched) / 1000.0;
                run.get();
            }
        }
        report.section("""
                ### 4. Start-up (`java -jar` to the first poll)

                | runs | median | best | worst | target |
                | --- | --- | --- | --- | --- |
                | %d | %s s | %s s | %s s | ≤ 3 s |

                Fresh state folder each run (the ledger is created and migrated), one task in the inbox.
                """.formatted(RUNS, f(Numbers.percentile(seconds, 50)), f(Numbers.percentile(seconds, 0)),
                f(Numbers.percentile(seconds, 100))));
    }
}
