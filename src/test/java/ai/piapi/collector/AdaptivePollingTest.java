package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.schedule.RunTimeKey;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ledger.RunTimeStore;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.simulator.PiapiSimulator;
import ai.piapi.collector.simulator.SimulatorConfig;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PiapiStub;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collector.poll.strategy=adaptive through the real routes, against the simulator and a stub that logs times. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class AdaptivePollingTest {
    private static final RunTimeKey WAN = new RunTimeKey("Qubico/wanx", "txt2video");

    @TempDir
    Path root;

    private static List<String> ids(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static double meanPolls(CollectorRun collector, List<String> ids) {
        return ids.stream().mapToInt(id -> collector.ledger().find(id).orElseThrow().polls()).average().orElseThrow();
    }

    private void awaitStored(CollectorRun collector, List<String> ids) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream() // settled: the file is written first
                .allMatch(id -> collector.ledger().find(id).map(r -> r.state() == TaskState.COMPLETED).orElse(false)));
    }

    @Test
    void learnsAModelsRunTimeThenFindsItsTasksSoonAfterTheyEndWithFewerPolls() throws Exception {
        try (PiapiSimulator sim = PiapiSimulator.start(SimulatorConfig.parse(new String[] {"--port=0", "--failed-rate=0",
                "--cancelled-rate=0", "--models=Qubico/wanx:txt2video=fixed:2000"}));
             CollectorRun collector = CollectorRun.start(root, sim.baseUrl(), Map.of("collector.poll.initial-delay", "100ms",
                     "collector.poll.multiplier", "1.3", "collector.poll.max-delay", "3s", "collector.poll.jitter", "0",
                     "collector.poll.target-delay", "300ms", "collector.poll.learn-min-samples", "10",
                     "collector.poll.learn-share-interval", "200", "collector.progress-interval", "300"))) {
            int mark = LogCapture.mark();
            List<String> warmUp = ids("warm", 10);
            collector.drop("warm.txt", String.join("\n", warmUp));
            awaitStored(collector, warmUp);
            List<String> learned = ids("learned", 10);
            collector.drop("learned.txt", String.join("\n", learned));
            awaitStored(collector, learned);

            // exponential from 100 ms (x1.3) needs 9 polls to find a 2 s task; knowing the run time, 2 do
            assertThat(meanPolls(collector, warmUp)).isGreaterThanOrEqualTo(7);
            assertThat(meanPolls(collector, learned)).isLessThanOrEqualTo(3);
            for (String id : learned) {
                long delay = collector.ledger().find(id).orElseThrow().settledAt().toEpochMilli() - sim.task(id).endAt();
                assertThat(delay).as(id + " found within the target delay (300 ms) and some slack").isBetween(0L, 1_500L);
            }
            RunTimeStore store = new RunTimeStore(((JdbcLedger) collector.ledger()).dataSource());
            await().atMost(Duration.ofSeconds(10)).until(() -> store.loadAll().containsKey(WAN)
                    && store.loadAll().get(WAN).samples() == 20);
            assertThat(store.loadAll().get(WAN).quantile(0.5)).isBetween(1_900.0, 2_100.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> LogCapture.since(mark).stream()
                    .anyMatch(l -> l.contains("run times learned: Qubico/wanx txt2video: 20 samples, p10 1.9 s, p50 1.9 s, p90 2.0 s")));
            Map<String, Double> metrics = MetricsTest.parse(new HttpFace(collector).get("/observe/metrics").body());
            assertThat(metrics.get("piapi_collector_run_time_samples{model=\"Qubico/wanx\",task_type=\"txt2video\"}"))
                    .isEqualTo(20.0);
            assertThat(metrics.get("piapi_collector_run_time_seconds{model=\"Qubico/wanx\",task_type=\"txt2video\",quantile=\"0.9\"}"))
                    .isBetween(1.9, 2.1);
            assertThat(metrics.get("piapi_collector_run_time_seconds_count{model=\"Qubico/wanx\",task_type=\"txt2video\"}"))
                    .isEqualTo(20.0);
        }
    }

    @Test
    void neverPollsFasterThanTheRateCapHoweverOftenThePlansAsk() throws Exception {
        Path state = Files.createDirectories(root.resolve("state"));
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 1)) {
            new RunTimeStore(ds).merge(Map.of(WAN, LongStream.generate(() -> 1_000).limit(30).toArray()), Instant.now());
        }
        String started = Instant.now().toString();
        try (PiapiStub piapi = new PiapiStub()) {
            List<String> ids = ids("busy", 30);
            for (String id : ids) { // running for ever, started now: the plan asks for a poll every 20 ms each
                piapi.script(id, PiapiStub.json(200, PiapiStub.envelope(id, "processing", "null")
                        .replace("Qubico/flux1-dev", "Qubico/wanx").replace("\"txt2img\"", "\"txt2video\"")
                        .replace("\"started_at\":\"0001-01-01T00:00:00Z\"", "\"started_at\":\"" + started + "\"")));
            }
            piapi.warmUp();
            try (CollectorRun collector = CollectorRun.start(root, piapi.baseUrl(), Map.of("collector.poll.max-rate", "20",
                    "collector.poll.target-delay", "20ms", "collector.poll.learn-min-samples", "5"))) {
                collector.drop("busy.txt", String.join("\n", ids));
                await().atMost(Duration.ofSeconds(30)).until(() -> piapi.allRequests().size() >= 90);

                List<Long> times = piapi.allRequests().stream().map(LoggedRequest::getLoggedDate)
                        .map(d -> d.getTime()).sorted().toList();
                for (long start : times) {
                    long inOneSecond = times.stream().filter(t -> t >= start && t < start + 1000).count();
                    assertThat(inOneSecond).as("GETs in the second from " + start).isLessThanOrEqualTo(21);
                }
                assertThat(collector.ledger().find("busy-0").orElseThrow().polls()).isGreaterThan(1);
            }
        }
    }
}
