package ai.piapi.collector.bench;

import static ai.piapi.collector.bench.Numbers.f;

import ai.piapi.collector.simulator.PiapiSimulator;
import ai.piapi.collector.support.CollectorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * 5. Run-time-aware polling (collector.poll.strategy=adaptive) against the blind schedules: 2,000 tasks of two
 * models with log-normal run times (medians 20 s and 90 s), time compressed 4x, after a warm-up of 200 tasks the
 * adaptive schedule learns from (every schedule gets the same warm-up). Polls per task and detection delay per model.
 * {@code -Dbench.adaptive.only=adaptive,PiAPI} measures the schedules whose names start so (printed, not written to
 * the report); every run leaves its per-task rows (id, run time, polls, delay; compressed ms) in
 * {@code target/bench-adaptive-<schedule>-<model>.tsv}.
 */
final class AdaptivePolling {
    static final int TASKS = 2_000;
    static final int WARM_UP = 200;
    static final int WAVES = 40;
    static final long WAVE_GAP_MS = 1_400;
    static final int COMPRESSION = 4;
    static final String FAST = "Qubico/flux1-schnell";
    static final String SLOW = "Qubico/wanx";
    static final double FAST_SIGMA = 0.8;
    static final double SLOW_SIGMA = 0.4;

    private AdaptivePolling() {
    }

    record Schedule(String name, String... settings) {
    }

    record Result(double polls, double meanDelay, double p95Delay) {
    }

    static void run(Report report) throws Exception {
        List<Schedule> schedules = List.of(
                new Schedule("adaptive (default: target delay 5 s, cap 30 s)", "collector.poll.strategy", "adaptive",
                        "collector.poll.initial-delay", "2000", "collector.poll.multiplier", "1.5", "collector.poll.jitter", "0.2"),
                new Schedule("exponential (2 s, x1.5, cap 30 s, 20% jitter)", "collector.poll.strategy", "exponential",
                        "collector.poll.initial-delay", "2000", "collector.poll.multiplier", "1.5", "collector.poll.jitter", "0.2"),
                new Schedule("PiAPI CLI (1 s, x1.5, cap 30 s)", "collector.poll.strategy", "exponential",
                        "collector.poll.initial-delay", "1000", "collector.poll.multiplier", "1.5", "collector.poll.jitter", "0"),
                new Schedule("fixed 3 s", "collector.poll.strategy", "exponential",
                        "collector.poll.initial-delay", "3000", "collector.poll.multiplier", "1.0", "collector.poll.jitter", "0",
                        "collector.poll.max-delay", "3000"));
        Map<String, Map<String, Result>> results = new LinkedHashMap<>();
        String only = System.getProperty("bench.adaptive.only", ""); // e.g. "adaptive,PiAPI": a quicker look at some
        for (Schedule s : schedules) {
            if (only.isEmpty() || Arrays.stream(only.split(",")).anyMatch(s.name()::startsWith)) {
                results.put(s.name(), measure(s));
            }
        }
        if (!only.isEmpty()) {
            System.out.println("adaptive benchmark, some schedules only (not written to the report): " + results);
            return;
        }
        StringBuilder rows = new StringBuilder();
        for (String model : List.of(FAST, SLOW)) {
            Result cli = results.get(schedules.get(2).name()).get(model);
            results.forEach((name, byModel) -> {
                Result r = byModel.get(model);
                rows.append("| %s | %s | %s (%sx) | %s s | %s s (%sx) |\n".formatted(model, name, f(r.polls()),
                        f(r.polls() / cli.polls()), f(r.meanDelay()), f(r.p95Delay()), f(r.p95Delay() / cli.p95Delay())));
            });
        }
        report.section("adaptive", """
                ### 5. Run-time-aware polling (2,000 tasks, two models, after a warm-up)

                | model | schedule | polls per task (vs CLI) | detection delay mean | detection delay p95 (vs CLI) |
                | --- | --- | --- | --- | --- |
                %s
                Target for adaptive: at most 0.9x the CLI's polls per task with at most 0.3x its p95 detection delay.
                Run times: `%s` log-normal median 20 s, sigma %s; `%s` median 90 s, sigma %s; half the tasks each,
                started at once (no queue). Every schedule first takes %d warm-up tasks to the end (the adaptive one
                learns its figures from them; `collector.poll.learn-min-samples` 20), then %d measured tasks arrive
                in %d waves, %.1f s apart. Time is compressed %dx (run times, waits, target delay and claim interval
                divided by %d) and reported back in real seconds. Same simulator seed for every schedule.
                """.formatted(rows, FAST, FAST_SIGMA, SLOW, SLOW_SIGMA, WARM_UP, TASKS, WAVES, WAVE_GAP_MS / 1000.0,
                COMPRESSION, COMPRESSION));
    }

    private static Map<String, Result> measure(Schedule s) throws Exception {
        String models = "%s:txt2img=lognormal:%d,%s;%s:txt2video=lognormal:%d,%s".formatted(FAST, 20_000 / COMPRESSION,
                FAST_SIGMA, SLOW, 90_000 / COMPRESSION, SLOW_SIGMA);
        try (PiapiSimulator sim = BenchmarkSuite.simulator("--models=" + models, "--seed=7")) {
            Properties settings = BenchmarkSuite.settings(sim,
                    "collector.exit-when-done", "false",
                    "collector.poll.max-delay", String.valueOf(30_000 / COMPRESSION),
                    "collector.poll.target-delay", String.valueOf(5_000 / COMPRESSION),
                    "collector.poll.learn-share-interval", String.valueOf(5_000 / COMPRESSION),
                    "collector.poll.claim-interval", String.valueOf(100 / COMPRESSION),
                    "collector.inbox.scan-interval", "50");
            for (int i = 0; i < s.settings().length; i += 2) {
                String key = s.settings()[i];
                String value = s.settings()[i + 1];
                settings.setProperty(key, key.endsWith("delay") ? String.valueOf(Long.parseLong(value) / COMPRESSION) : value);
            }
            List<String> warmUp = BenchmarkSuite.ids("warm", WARM_UP);
            List<String> ids = BenchmarkSuite.ids("adapt", TASKS);
            Path work = Files.createTempDirectory("bench-adaptive");
            try {
                Path inbox = Files.createDirectories(work.resolve("data/inbox"));
                Path completed = work.resolve("data/completed");
                try (CollectorProcess run = CollectorProcess.start(work, settings, work.resolve("collector.log"), new String[0])) {
                    PollEfficiency.drop(inbox, -1, warmUp);
                    awaitCompleted(completed, WARM_UP);
                    int perWave = TASKS / WAVES;
                    for (int w = 0; w < WAVES; w++) {
                        long due = System.currentTimeMillis() + WAVE_GAP_MS;
                        PollEfficiency.drop(inbox, w, ids.subList(w * perWave, (w + 1) * perWave));
                        Awaitility.await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofMinutes(1))
                                .until(() -> System.currentTimeMillis() >= due);
                    }
                    awaitCompleted(completed, WARM_UP + TASKS);
                }
                LedgerRows ledger = LedgerRows.read(work.resolve("data/state"));
                Map<String, Result> byModel = new LinkedHashMap<>();
                for (String model : List.of(FAST, SLOW)) {
                    List<String> mine = ids.stream().filter(id -> sim.task(id).model().name().equals(model)).toList();
                    double polls = mine.stream().mapToInt(id -> ledger.rows().get(id).polls()).average().orElse(0);
                    double[] delays = mine.stream()
                            .mapToDouble(id -> ledger.rows().get(id).settledAt() - sim.task(id).endAt()).toArray();
                    Path rows = Path.of("target", "bench-adaptive-" + s.name().split(" ")[0] + "-" + model.replace('/', '_') + ".tsv");
                    Files.write(rows, mine.stream().map(id -> id + "\t" + (sim.task(id).endAt() - sim.task(id).seenAt())
                            + "\t" + ledger.rows().get(id).polls() + "\t" + (ledger.rows().get(id).settledAt() - sim.task(id).endAt()))
                            .toList());
                    byModel.put(model, new Result(polls, Numbers.mean(delays) * COMPRESSION / 1000,
                            Numbers.percentile(delays, 95) * COMPRESSION / 1000));
                }
                return byModel;
            } finally {
                BenchmarkSuite.deleteTree(work);
            }
        }
    }

    private static void awaitCompleted(Path completed, int count) {
        Awaitility.await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofMinutes(10)).until(() -> {
            if (!Files.isDirectory(completed)) {
                return false;
            }
            try (Stream<Path> files = Files.list(completed)) {
                return files.filter(p -> p.getFileName().toString().endsWith(".json")).count() >= count;
            }
        });
    }
}
