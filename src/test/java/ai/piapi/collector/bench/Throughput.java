package ai.piapi.collector.bench;

import static ai.piapi.collector.bench.BenchmarkSuite.CONCURRENCY;
import static ai.piapi.collector.bench.Numbers.f;

import ai.piapi.collector.simulator.PiapiSimulator;
import java.nio.file.Files;
import java.nio.file.Path;

/** 1. Throughput: 10,000 tasks that complete at their first poll, inbox to stored files. */
final class Throughput {
    private static final int TASKS = 10_000;

    private Throughput() {
    }

    static void run(Report report) throws Exception {
        double collectorRaw;
        double ceiling;
        try (PiapiSimulator sim = BenchmarkSuite.simulator("--duration=fixed:0")) {
            collectorRaw = BenchmarkSuite.batch(BenchmarkSuite.ids("tp", TASKS), BenchmarkSuite.settings(sim)).throughput();
            ceiling = Clients.rawCeiling(sim.baseUrl(), CONCURRENCY, 20_000);
        }
        double collectorSlow;
        double sequential;
        Path folder = Files.createTempDirectory("sequential");
        try (PiapiSimulator sim = BenchmarkSuite.simulator("--duration=fixed:0", "--latency-ms=50")) {
            collectorSlow = BenchmarkSuite.batch(BenchmarkSuite.ids("tl", TASKS), BenchmarkSuite.settings(sim)).throughput();
            sequential = Clients.sequentialPoller(sim.baseUrl(), 300, folder);
        } finally {
            BenchmarkSuite.deleteTree(folder);
        }
        double bound = CONCURRENCY / 0.050;
        report.section("throughput", """
                ### 1. Throughput (10,000 tasks completed at their first poll, inbox to stored files)

                | case | collector | yardstick | ratio | target |
                | --- | --- | --- | --- | --- |
                | no added latency | %s tasks/s | raw ceiling (tight GET loop, %d threads): %s req/s | %sx | ≥ 0.3x |
                | 50 ms per reply | %s tasks/s | concurrency bound (%d / 50 ms): %s tasks/s | %sx | ≥ 0.9x |
                | 50 ms per reply | %s tasks/s | sequential poller (one task at a time): %s tasks/s | %sx | ≥ 10x |

                Collector throughput = tasks / (last settle − first intake), read from its ledger after the run;
                each task is claimed, polled, recorded, written (temp file + rename) and settled in the ledger.
                """.formatted(f(collectorRaw), CONCURRENCY, f(ceiling), f(collectorRaw / ceiling),
                f(collectorSlow), CONCURRENCY, f(bound), f(collectorSlow / bound),
                f(collectorSlow), f(sequential), f(collectorSlow / sequential)));
    }
}
