package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar serves the task API, the webhook, health and metrics on the port it picked. */
class HttpFaceIT {
    @TempDir
    Path work;

    @Test
    void refusesToStartWhenItsPortIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Properties p = new Properties();
            p.setProperty("piapi.api-key", CollectorRun.API_KEY);
            p.setProperty("collector.http.port", String.valueOf(taken.getLocalPort()));
            CollectorProcess collector = CollectorProcess.start(work, p, work.resolve("collector.log"));

            assertThat(collector.awaitExit(90)).isEqualTo(1);
            assertThat(collector.stderr().strip()).startsWith("piapi-collector: configuration error: collector.http.port")
                    .contains(String.valueOf(taken.getLocalPort())).doesNotContain("\n");
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesEveryEndpointFromTheJar() throws Exception {
        try (PiapiStub piapi = new PiapiStub()) {
            piapi.script("j-1", task("j-1", "processing"));
            Properties p = new Properties();
            p.setProperty("piapi.base-url", piapi.baseUrl());
            p.setProperty("piapi.api-key", CollectorRun.API_KEY);
            p.setProperty("collector.webhook.secret", WebhookTest.SECRET);
            p.setProperty("collector.poll.initial-delay", "30s");
            try (CollectorProcess collector = CollectorProcess.start(work, p, work.resolve("collector.log"))) {
                URI base = collector.httpBase(60);

                HttpResponse<String> posted = send(HttpRequest.newBuilder(base.resolve("/tasks"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"task_ids\": [\"j-1\"]}")));
                await().atMost(Duration.ofSeconds(30)).until(() -> piapi.polls("j-1") == 1);
                // the poll is recorded (and its lease released) a moment after PiAPI answered it; a webhook before
                // that finds the task leased and is deferred, which is right but not what this test looks at
                await().atMost(Duration.ofSeconds(30)).until(() -> send(HttpRequest.newBuilder(base.resolve("/tasks/j-1"))
                        .GET()).body().contains("\"attempts\":1"));
                HttpResponse<String> hook = send(HttpRequest.newBuilder(base.resolve("/webhooks/piapi"))
                        .header("x-webhook-secret", WebhookTest.SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString(WebhookTest.webhookBody("j-1", "completed"))));
                // answered at once; the store pool writes the file and settles the task right after
                await().atMost(Duration.ofSeconds(30)).until(() -> send(HttpRequest.newBuilder(base.resolve("/tasks/j-1"))
                        .GET()).body().contains("\"state\":\"completed\""));
                HttpResponse<String> shown = send(HttpRequest.newBuilder(base.resolve("/tasks/j-1")).GET());
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        send(HttpRequest.newBuilder(base.resolve("/observe/health")).GET()).statusCode() == 200);
                HttpResponse<String> metrics = send(HttpRequest.newBuilder(base.resolve("/observe/metrics")).GET());

                assertThat(posted.statusCode()).isEqualTo(202);
                assertThat(hook.statusCode()).isEqualTo(200);
                assertThat(hook.body()).contains("\"accepted\"");
                assertThat(work.resolve("data/completed/j-1.json")).exists();
                assertThat(shown.body()).contains("\"state\":\"completed\"");
                assertThat(metrics.body()).contains("piapi_collector_webhook_deliveries_total{result=\"accepted\"} 1.0");
                assertThat(piapi.polls("j-1")).isEqualTo(1);
                assertThat(base.getHost()).isEqualTo("127.0.0.1");
            }
            CollectorRun.assertNoSecretUnder(work, WebhookTest.SECRET, PiapiStub.WEBHOOK_SECRET);
        }
    }
}
