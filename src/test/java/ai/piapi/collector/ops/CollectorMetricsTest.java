package ai.piapi.collector.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.PollOutcome;
import ai.piapi.collector.schedule.RunTimeKey;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ops.metrics.CachedStateCounts;
import ai.piapi.collector.ops.metrics.CollectorMetrics;
import ai.piapi.collector.poll.RunTimeLearner;
import ai.piapi.collector.support.ManualClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CollectorMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Tally tally = new Tally();
    private final AtomicLong bytes = new AtomicLong();
    private final Ledger noLedger = (Ledger) Proxy.newProxyInstance(Ledger.class.getClassLoader(),
            new Class<?>[] {Ledger.class}, (p, m, a) -> {
                throw new IllegalStateException("no ledger here");
            });

    /** As the Camel registry holds the bean: only the metrics object itself, not its sources, is referenced. */
    private CollectorMetrics held;

    private CollectorMetrics metrics() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        held = new CollectorMetrics(registry, tally, new CachedStateCounts(noLedger, Duration.ofSeconds(1), clock),
                bytes::get, clock);
        return held;
    }

    @Test
    void readsItsSourcesEvenAfterAGarbageCollection() {
        metrics();
        tally.polled(PollOutcome.Kind.RUNNING);
        tally.deadLettered("task_failed");
        bytes.set(4096);
        for (int i = 0; i < 3; i++) {
            System.gc(); // meters hold their objects weakly: a collected one would freeze at its last value
        }

        String text = registry.scrape();

        assertThat(text).contains("piapi_collector_polls_total{outcome=\"running\"} 1.0")
                .contains("piapi_collector_dead_letters_total{reason=\"task_failed\"} 1.0")
                .contains("piapi_collector_capture_bytes_total 4096.0")
                .contains("piapi_collector_tasks{state=\"open\"} NaN");
    }

    @Test
    void recordsTheCaptureDelayFromPiapisEndTime() throws Exception {
        CollectorMetrics metrics = metrics();
        ObjectMapper json = new ObjectMapper();

        metrics.stored(new CompletedTask("a", json.readTree("{\"meta\":{\"ended_at\":\"2026-11-28T19:59:30.5+08:00\"}}"), 1));
        metrics.stored(new CompletedTask("b", json.readTree("{\"meta\":{\"ended_at\":\"0001-01-01T00:00:00Z\"}}"), 1));
        metrics.stored(new CompletedTask("c", json.readTree("{\"meta\":{}}"), 1));
        metrics.stored(new CompletedTask("d", null, 1));

        String text = registry.scrape();
        assertThat(text).contains("piapi_collector_capture_delay_seconds_count 1")
                .contains("piapi_collector_capture_delay_seconds_sum 29.5")
                .contains("piapi_collector_capture_delay_seconds_bucket{le=\"30.0\"} 1");
    }

    @Test
    void exportsLearnedRunTimesAsASummary() {
        CollectorMetrics metrics = metrics();
        ManualClock clock = new ManualClock(NOW);
        RunTimeLearner learner = new RunTimeLearner(null, clock);
        RunTimeKey flux = new RunTimeKey("Qubico/flux1-dev", "txt2img");
        for (int i = 1; i <= 100; i++) {
            learner.observe(flux, i * 1000L); // 1 s .. 100 s
        }

        metrics.runTimes(learner);
        String text = registry.scrape();

        assertThat(text).contains("# TYPE piapi_collector_run_time_seconds summary")
                .contains("piapi_collector_run_time_seconds_count{model=\"Qubico/flux1-dev\",task_type=\"txt2img\"} 100")
                .doesNotContain("piapi_collector_run_time_seconds_sum");
        double median = quantile(text, "0.5");
        assertThat(median).isBetween(46.0, 54.0); // within a step (8%) of the true median, 50.5 s
        assertThat(quantile(text, "0.1")).isLessThan(median).isGreaterThan(8.0);
        assertThat(quantile(text, "0.9")).isGreaterThan(median).isLessThan(97.0);
    }

    private static double quantile(String scrape, String q) {
        String prefix = "piapi_collector_run_time_seconds{model=\"Qubico/flux1-dev\",task_type=\"txt2img\",quantile=\"" + q + "\"} ";
        return scrape.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Double.parseDouble(l.substring(prefix.length()))).orElseThrow(() -> new AssertionError(scrape));
    }
}
