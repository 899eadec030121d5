package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.PiapiStub;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scrapes /observe/metrics after a known run and checks the collector's counters say what happened. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class MetricsTest {
    @TempDir
    Path root;

    /** Prometheus text format: {@code name{labels} value} per line; comments skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            samples.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
        }
        return samples;
    }

    @Test
    void countsTheBytesOfCapturedOutputFiles() throws Exception {
        WireMockServer files = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        files.start();
        try (PiapiStub piapi = new PiapiStub()) {
            files.stubFor(WireMock.get("/temp/c.png").willReturn(WireMock.aResponse()
                    .withHeader("Content-Type", "image/png").withBody(new byte[3000])));
            piapi.script("m-cap", PiapiStub.json(200, CaptureRoutesTest.completed("m-cap",
                    "{\"image_url\":\"http://localhost:" + files.port() + "/temp/c.png\"}")));
            try (CollectorRun collector = CollectorRun.start(root, piapi.baseUrl(), Map.of(
                    "collector.artifacts.enabled", "true", "collector.artifacts.allowed-hosts", "localhost"))) {
                HttpFace http = new HttpFace(collector);
                http.post("/tasks", "m-cap");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> collector.ledger().find("m-cap").orElseThrow().state() == TaskState.COMPLETED);

                Map<String, Double> m = parse(http.get("/observe/metrics").body());

                assertThat(m.get("piapi_collector_capture_bytes_total")).isEqualTo(3000.0);
                assertThat(m.get("piapi_collector_completions_total")).isEqualTo(1.0);
            }
        } finally {
            files.stop();
        }
    }

    @Test
    void countersMatchWhatTheRunDid() throws Exception {
        try (PiapiStub piapi = new PiapiStub()) {
            piapi.script("m-ok", task("m-ok", "completed")).script("m-bad", failedTask("m-bad", "nsfw"))
                    .script("m-hook", task("m-hook", "processing"));
            try (CollectorRun collector = CollectorRun.start(root, piapi.baseUrl(), Map.of(
                    "collector.webhook.secret", WebhookTest.SECRET, "collector.poll.initial-delay", "30s",
                    "collector.poll.max-delay", "60s", "collector.metrics.state-cache", "100ms"))) {
                HttpFace http = new HttpFace(collector);
                http.post("/tasks", "m-ok\nm-bad\nm-hook\nnot valid!\nm-ok\n");
                await().atMost(Duration.ofSeconds(30)).until(() -> collector.ledger().find("m-hook").orElseThrow().polls() == 1
                        && collector.ledger().countByState().get(TaskState.OPEN) == 1);
                String hook = WebhookTest.webhookBody("m-hook", "completed");
                http.post("/webhooks/piapi", hook, "x-webhook-secret", WebhookTest.SECRET);
                http.post("/webhooks/piapi", hook, "x-webhook-secret", WebhookTest.SECRET);
                http.post("/webhooks/piapi", hook, "x-webhook-secret", "wrong");
                http.post("/webhooks/piapi", "{", "x-webhook-secret", WebhookTest.SECRET);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> collector.ledger().countByState().get(TaskState.COMPLETED) == 2);

                HttpResponse<String> scrape = http.get("/observe/metrics");
                Map<String, Double> m = parse(scrape.body());

                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
                assertThat(m.get("piapi_collector_polls_total{outcome=\"completed\"}")).isEqualTo(1.0);
                assertThat(m.get("piapi_collector_polls_total{outcome=\"final_failure\"}")).isEqualTo(1.0);
                assertThat(m.get("piapi_collector_polls_total{outcome=\"running\"}")).isEqualTo(1.0);
                assertThat(m.get("piapi_collector_polls_total{outcome=\"transient\"}")).isEqualTo(0.0);
                assertThat(m.get("piapi_collector_completions_total")).isEqualTo(2.0);
                assertThat(m.get("piapi_collector_dead_letters_total{reason=\"task_failed\"}")).isEqualTo(1.0);
                assertThat(m.get("piapi_collector_dead_letters_total{reason=\"invalid_task_id\"}")).isEqualTo(1.0);
                assertThat(m.get("piapi_collector_dead_letters_total{reason=\"not_found\"}")).isEqualTo(0.0);
                assertThat(m.get("piapi_collector_intake_total{result=\"accepted\"}")).isEqualTo(3.0);
                assertThat(m.get("piapi_collector_intake_total{result=\"duplicate\"}")).isEqualTo(1.0);
                assertThat(m.get("piapi_collector_webhook_deliveries_total{result=\"accepted\"}")).isEqualTo(1.0);
                assertThat(m.get("piapi_collector_webhook_deliveries_total{result=\"duplicate\"}")).isEqualTo(1.0);
                assertThat(m.get("piapi_collector_webhook_deliveries_total{result=\"refused\"}")).isEqualTo(2.0);
                assertThat(m.get("piapi_collector_tasks{state=\"completed\"}")).isEqualTo(2.0);
                assertThat(m.get("piapi_collector_tasks{state=\"dead\"}")).isEqualTo(1.0);
                assertThat(m.get("piapi_collector_tasks{state=\"open\"}")).isEqualTo(0.0);
                assertThat(m.get("piapi_collector_piapi_requests_seconds_count{status=\"200\"}")).isEqualTo(3.0);
                assertThat(m.get("piapi_collector_piapi_requests_seconds_bucket{status=\"200\",le=\"+Inf\"}")).isEqualTo(3.0);
                assertThat(m).containsKey("piapi_collector_piapi_requests_seconds_bucket{status=\"200\",le=\"0.25\"}");
                // both stored tasks carry meta.ended_at 2026-11-28T02:00:05Z: one delay each, all of it before now
                assertThat(m.get("piapi_collector_capture_delay_seconds_count")).isEqualTo(2.0);
                assertThat(m.get("piapi_collector_capture_delay_seconds_sum")).isPositive();
                assertThat(m.get("piapi_collector_capture_bytes_total")).isEqualTo(0.0);
                assertThat(scrape.body()).doesNotContain(CollectorRun.API_KEY).doesNotContain(WebhookTest.SECRET);
            }
        }
    }
}
