package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collector.log.format=json} in the packaged jar, set where an operator sets it (the working folder's
 * {@code config/application.properties}): every line on stdout is one JSON object from the first one on, every line
 * about a task carries its {@code task_id}, and the routes' start and stop lines are one line each.
 */
class JsonLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TASK = Pattern.compile("jl-[a-z]+");

    @TempDir
    Path work;

    @Test
    void everyLineIsJsonAndEveryLineAboutATaskCarriesItsId() throws Exception {
        WireMockServer files = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        files.start();
        try (PiapiStub piapi = new PiapiStub()) {
            files.stubFor(WireMock.get("/temp/broken.png").willReturn(WireMock.aResponse().withStatus(500)));
            piapi.script("jl-done", task("jl-done", "processing"), PiapiStub.json(200, CaptureRoutesTest.completed("jl-done", "{}")))
                    .script("jl-failed", failedTask("jl-failed", "content policy"))
                    .script("jl-capture", PiapiStub.json(200, CaptureRoutesTest.completed("jl-capture",
                            "{\"image_url\":\"http://localhost:" + files.port() + "/temp/broken.png\"}")))
                    .script("jl-hook", task("jl-hook", "processing"), failedTask("jl-hook", "nsfw"));
            Files.createDirectories(work.resolve("config"));
            Files.writeString(work.resolve("config/application.properties"), "collector.log.format = json\n");
            int port = freePort();
            Properties p = new Properties();
            p.setProperty("piapi.base-url", piapi.baseUrl());
            p.setProperty("piapi.api-key", CollectorRun.API_KEY);
            p.setProperty("collector.http.port", String.valueOf(port));
            p.setProperty("collector.webhook.secret", WebhookTest.SECRET);
            p.setProperty("collector.poll.initial-delay", "200ms");
            p.setProperty("collector.poll.max-delay", "500ms");
            p.setProperty("collector.max-transient-errors", "2");
            p.setProperty("collector.artifacts.enabled", "true");
            p.setProperty("collector.artifacts.allowed-hosts", "localhost");
            URI base = URI.create("http://127.0.0.1:" + port);
            Path log = work.resolve("collector.log");
            try (CollectorProcess collector = CollectorProcess.start(work, p, log)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(log).contains("\"routes: "));
                send(HttpRequest.newBuilder(base.resolve("/tasks"))
                        .POST(HttpRequest.BodyPublishers.ofString("jl-done\njl-failed\njl-capture\nnot a task id!\n")));
                send(HttpRequest.newBuilder(base.resolve("/webhooks/piapi")).header("x-webhook-secret", WebhookTest.SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString(WebhookTest.webhookBody("jl-hook", "processing"))));
                await().atMost(Duration.ofSeconds(60)).until(() -> List.of("jl-done", "jl-failed", "jl-capture", "jl-hook")
                        .stream().allMatch(id -> settled(base, id)));
            }

            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                lines.add(JSON.readTree(line)); // throws on any line that is not JSON
            }
            List<String> aboutTasks = new ArrayList<>();
            for (JsonNode line : lines) {
                assertThat(line.has("timestamp") && line.has("level") && line.has("loggerName") && line.has("mdc")).as("%s", line).isTrue();
                String message = line.path("formattedMessage").asText();
                Matcher task = TASK.matcher(message);
                if (task.find()) {
                    assertThat(line.path("mdc").path("task_id").asText()).as("task_id of: %s", line).isEqualTo(task.group());
                    assertThat(line.path("mdc").path("camel.routeId").asText()).as("route of: %s", line).isNotEmpty();
                    aboutTasks.add(message);
                }
            }
            assertThat(aboutTasks).anyMatch(m -> m.startsWith("task jl-done completed"))
                    .anyMatch(m -> m.startsWith("task jl-failed dead-lettered, task_failed"))
                    .anyMatch(m -> m.startsWith("capture of task jl-capture failed"))
                    .anyMatch(m -> m.startsWith("task jl-capture dead-lettered, capture_failed"))
                    .anyMatch(m -> m.equals("webhook: task jl-hook was not in the ledger, added"))
                    .anyMatch(m -> m.startsWith("task jl-hook dead-lettered, task_failed"));
            assertThat(lines).filteredOn(l -> l.path("loggerName").asText().endsWith("AbstractCamelContext")
                    && l.path("formattedMessage").asText().matches("\\s*(Started|Stopped) .*")).isEmpty();
            assertThat(lines).filteredOn(l -> l.path("formattedMessage").asText().startsWith("routes: ")).singleElement()
                    .satisfies(l -> assertThat(l.path("formattedMessage").asText()).matches("routes: \\d+ started"));
            assertThat(lines).filteredOn(l -> l.path("formattedMessage").asText().startsWith("Routes stopped (total:")).hasSize(1);
            assertThat(CollectorProcess.errorFile(log)).isEmptyFile();
            assertThat(Files.readString(log)).doesNotContain(CollectorRun.API_KEY).doesNotContain(WebhookTest.SECRET);
        } finally {
            files.stop();
        }
    }

    @Test
    void refusesAFormatItDoesNotKnow() throws Exception {
        Properties p = new Properties();
        p.setProperty("piapi.api-key", CollectorRun.API_KEY);
        p.setProperty("collector.log.format", "xml");
        CollectorProcess collector = CollectorProcess.start(work, p, work.resolve("collector.log"));

        assertThat(collector.awaitExit(90)).isEqualTo(Application.CONFIGURATION_ERROR);
        assertThat(collector.stderr().strip())
                .isEqualTo("piapi-collector: configuration error: collector.log.format: 'xml' is not text or json");
    }

    private static boolean settled(URI base, String id) {
        try {
            return send(HttpRequest.newBuilder(base.resolve("/tasks/" + id)).GET()).body().matches(".*\"state\":\"(completed|dead)\".*");
        } catch (Exception e) {
            return false;
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
