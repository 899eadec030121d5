package ai.piapi.collector.bench;

import static ai.piapi.collector.bench.Numbers.f;

import ai.piapi.collector.simulator.PiapiSimulator;
import ai.piapi.collector.support.CollectorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.awaitility.Awaitility;

/**
 * 2. Poll efficiency: 2,000 tasks with log-normal run times (median 20 s, sigma 0.9), time compressed 4x,
 * arriving in waves so the poll load stays within the machine; polls per task and detection delay per schedule.
 */
final class PollEfficiency {
    static final int TASKS = 2_000;
    static final int WAVES = 40;
    static final long WAVE_GAP_MS = 1_400;
    static final int COMPRESSION = 4;

    private PollEfficiency() {
    }

    record Schedule(String name, String initial, String multiplier, String max, String jitter, boolean webhook,
                    String strategy) {
        Schedule(String name, String initial, String multiplier, String max, String jitter, boolean webhook) {
            this(name, initial, multiplier, max, jitter, webhook, "exponential");
        }
    }

    static void run(Report report) throws Exception {
        List<Schedule> schedules = List.of(
                new Schedule("collector exponential (2 s, x1.5, cap 30 s, 20% jitter)", "2000", "1.5", "30000", "0.2", false),
                new Schedule("PiAPI CLI (1 s, x1.5, cap 30 s)", "1000", "1.5", "30000", "0", false),
                new Schedule("fixed 3 s", "3000", "1.0", "3000", "0", false),
                new Schedule("collector exponential + PiAPI webhook", "2000", "1.5", "30000", "0.2", true),
                new Schedule("collector default: adaptive (exponential until 20 tasks ended, then learned run times)",
                        "2000", "1.5", "30000", "0.2", false, "adaptive"));
        StringBuilder rows = new StringBuilder();
        for (Schedule s : schedules) {
            rows.append(measure(s)).append('\n');
        }
        report.section("efficiency", """
                ### 2. Poll efficiency (2,000 tasks, log-normal run time, median 20 s, sigma 0.9)

                | schedule | polls per task | detection delay mean | detection delay p95 |
                | --- | --- | --- | --- |
                %s
                Detection delay = the collector's settle time minus the moment the simulator made the task final.
                Time is compressed %dx (run times, waits and the claim interval divided by %d) and reported back
                in real seconds; tasks arrive in %d waves of %d, %.1f s apart, so the poll load stays within the
                machine. Same simulator seed for every schedule. The webhook row: the simulator pushes each final
                task to the collector's `POST /webhooks/piapi` the moment it ends, as PiAPI does when a task is created
                with a `webhook_config`; polling stays on as the backstop, so it still polls, it just finds every
                task at once. The last row is the collector as it ships (`collector.poll.strategy=adaptive`): the
                exponential schedule until 20 tasks have ended, then polls planned from the run times it learned
                (section 5 measures it on two models, after a warm-up); the rows above it set `strategy=exponential`.
                """.formatted(rows, COMPRESSION, COMPRESSION, WAVES, TASKS / WAVES, WAVE_GAP_MS / 1000.0));
    }

    private static String measure(Schedule s) throws Exception {
        int port = s.webhook() ? freePort() : 0;
        List<String> simArgs = new java.util.ArrayList<>(List.of("--duration=lognormal:" + 20_000 / COMPRESSION + ",0.9", "--seed=7"));
        if (s.webhook()) {
            simArgs.addAll(List.of("--webhook-url=http://127.0.0.1:" + port + "/webhooks/piapi", "--webhook-secret=bench-webhook"));
        }
        try (PiapiSimulator sim = BenchmarkSuite.simulator(simArgs.toArray(String[]::new))) {
            Properties settings = BenchmarkSuite.settings(sim,
                    "collector.poll.strategy", s.strategy(),
                    "collector.poll.target-delay", String.valueOf(5_000 / COMPRESSION),
                    "collector.poll.learn-share-interval", String.valueOf(5_000 / COMPRESSION),
                    "collector.poll.initial-delay", String.valueOf(Long.parseLong(s.initial()) / COMPRESSION),
                    "collector.poll.multiplier", s.multiplier(),
                    "collector.poll.max-delay", String.valueOf(Long.parseLong(s.max()) / COMPRESSION),
                    "collector.poll.jitter", s.jitter(),
                    "collector.poll.claim-interval", String.valueOf(100 / COMPRESSION),
                    "collector.inbox.scan-interval", "50");
            if (s.webhook()) {
                settings.setProperty("collector.http.port", String.valueOf(port));
                settings.setProperty("collector.webhook.secret", "bench-webhook");
            }
            List<String> ids = BenchmarkSuite.ids("eff", TASKS);
            Path work = Files.createTempDirectory("bench-eff");
            try {
                Path inbox = Files.createDirectories(work.resolve("data/inbox"));
                int perWave = TASKS / WAVES;
                drop(inbox, 0, ids.subList(0, perWave));
                CollectorProcess run = CollectorProcess.start(work, settings, work.resolve("collector.log"), new String[0]); // plain java -jar
                for (int w = 1; w < WAVES; w++) {
                    long due = System.currentTimeMillis() + WAVE_GAP_MS;
                    Awaitility.await().pollInterval(java.time.Duration.ofMillis(20)).atMost(java.time.Duration.ofMinutes(1))
                            .until(() -> System.currentTimeMillis() >= due);
                    drop(inbox, w, ids.subList(w * perWave, (w + 1) * perWave));
                }
                run.awaitExit(1800);
                LedgerRows ledger = LedgerRows.read(work.resolve("data/state"));
                double polls = ledger.rows().values().stream().mapToInt(LedgerRows.Row::polls).average().orElse(0);
                double[] delays = BenchmarkSuite.detectionDelays(ledger, sim);
                return "| %s | %s | %s s | %s s |".formatted(s.name(), f(polls),
                        f(Numbers.mean(delays) * COMPRESSION / 1000), f(Numbers.percentile(delays, 95) * COMPRESSION / 1000));
            } finally {
                BenchmarkSuite.deleteTree(work);
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void drop(Path inbox, int wave, List<String> ids) throws java.io.IOException {
        Path part = inbox.resolve("wave-" + wave + ".txt.part");
        Files.write(part, ids);
        Files.move(part, inbox.resolve("wave-" + wave + ".txt"));
    }
}
