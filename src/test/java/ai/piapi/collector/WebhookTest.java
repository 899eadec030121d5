package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.PollRecord;
import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /webhooks/piapi over real HTTP: refusals, settling through the poll's own path, and polling as backstop. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class WebhookTest {
    static final String SECRET = "hook-secret-3f9a-DO-NOT-LEAK";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough that no second poll happens during a test: a result that arrives came by webhook. */
    private static final Map<String, String> SLOW_POLLS = Map.of("collector.webhook.secret", SECRET,
            "collector.poll.initial-delay", "30s", "collector.poll.max-delay", "60s");

    @TempDir
    Path root;
    PiapiStub piapi;
    CollectorRun collector;
    HttpFace http;

    @BeforeEach
    void startStub() {
        piapi = new PiapiStub();
    }

    @AfterEach
    void stop() throws Exception {
        if (collector != null) {
            collector.close();
            CollectorRun.assertNoSecretUnder(root, SECRET, PiapiStub.WEBHOOK_SECRET);
        }
        piapi.close();
    }

    private void start(Map<String, String> extra) throws Exception {
        collector = CollectorRun.start(root, piapi.baseUrl(), extra);
        http = new HttpFace(collector);
    }

    /** PiAPI's webhook body: {"timestamp", "data"} with data as get-task returns it (echoed secret included). */
    static String webhookBody(String id, String status) throws Exception {
        String envelope = PiapiStub.envelope(id, status, "{\"code\":0,\"raw_message\":\"\",\"message\":\"\",\"detail\":null}");
        ObjectNode body = JSON.createObjectNode().put("timestamp", 1_764_331_200L);
        body.set("data", JSON.readTree(envelope).get("data"));
        return body.toString();
    }

    private HttpResponse<String> deliver(String id, String status) throws Exception {
        return http.post("/webhooks/piapi", webhookBody(id, status), "Content-Type", "application/json",
                "x-webhook-secret", SECRET);
    }

    private TaskRecord row(String id) {
        return collector.ledger().find(id).orElseThrow();
    }

    private void admitAndAwaitFirstPoll(String id) throws Exception {
        http.post("/tasks", id);
        await().atMost(Duration.ofSeconds(30)).until(() -> row(id).polls() == 1 && row(id).lastStatus() != null);
    }

    @Test
    void completesATaskAtOnceWithoutWaitingForItsNextPoll() throws Exception {
        piapi.script("w-1", task("w-1", "processing"));
        start(SLOW_POLLS);
        admitAndAwaitFirstPoll("w-1");
        int pollsBefore = piapi.polls("w-1");

        HttpResponse<String> answer = deliver("w-1", "completed");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("result").asText()).isEqualTo("accepted");
        Path stored = collector.completed().resolve("w-1.json");
        awaitSettled("w-1", TaskState.COMPLETED); // the store pool writes the file and settles after the answer
        assertThat(stored).exists();
        JsonNode data = JSON.readTree(stored.toFile());
        assertThat(data.path("status").asText()).isEqualTo("completed");
        assertThat(data.path("config").path("webhook_config").path("secret").asText()).isEqualTo("***");
        assertThat(data.path("brand_new_field").path("x")).hasSize(2);
        assertThat(row("w-1").state()).isEqualTo(TaskState.COMPLETED);
        assertThat(piapi.polls("w-1")).isEqualTo(pollsBefore).isEqualTo(1);
        var learner = collector.context().getRegistry().lookupByNameAndType("runTimeLearner",
                ai.piapi.collector.poll.RunTimeLearner.class);
        assertThat(learner.learned(new ai.piapi.collector.schedule.RunTimeKey("Qubico/flux1-dev", "txt2img")))
                .as("the run time a webhook reported is learned like a poll's").hasValueSatisfying(h ->
                        assertThat(h.samples()).isEqualTo(1));
    }

    @Test
    void deadLettersAFailedTaskThroughTheSamePathAsAPoll() throws Exception {
        piapi.script("w-f", task("w-f", "processing"));
        start(SLOW_POLLS);
        admitAndAwaitFirstPoll("w-f");

        assertThat(deliver("w-f", "failed").statusCode()).isEqualTo(200);

        awaitSettled("w-f", TaskState.DEAD);
        JsonNode dead = JSON.readTree(collector.deadLetter().resolve("w-f.json").toFile());
        assertThat(dead.path("reason").asText()).isEqualTo("task_failed");
        assertThat(dead.path("detail").asText()).contains("webhook");
        assertThat(dead.path("attempts").asInt()).isEqualTo(1);
        assertThat(dead.has("http_status")).isFalse();
        assertThat(dead.path("task").path("config").path("webhook_config").path("secret").asText()).isEqualTo("***");
        assertThat(row("w-f").state()).isEqualTo(TaskState.DEAD);
        assertThat(row("w-f").reason()).isEqualTo("task_failed");
    }

    @Test
    void refusesAWrongOrMissingSecretAndChangesNothing() throws Exception {
        piapi.script("w-s", task("w-s", "processing"));
        start(SLOW_POLLS);
        admitAndAwaitFirstPoll("w-s");
        TaskRecord before = row("w-s");
        String body = webhookBody("w-s", "completed");

        HttpResponse<String> missing = http.post("/webhooks/piapi", body);
        HttpResponse<String> wrong = http.post("/webhooks/piapi", body, "x-webhook-secret", SECRET + "x");
        HttpResponse<String> prefix = http.post("/webhooks/piapi", body, "x-webhook-secret", SECRET.substring(0, 8));
        HttpResponse<String> unknownTask = http.post("/webhooks/piapi", webhookBody("w-new", "completed"),
                "x-webhook-secret", "nope");

        assertThat(List.of(missing, wrong, prefix, unknownTask)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).doesNotContain(SECRET);
        });
        assertThat(row("w-s")).isEqualTo(before);
        assertThat(collector.completed().resolve("w-s.json")).doesNotExist();
        assertThat(collector.ledger().find("w-new")).isEmpty();
    }

    @Test
    void refusesEveryDeliveryWhenNoSecretIsConfigured() throws Exception {
        start(Map.of("collector.poll.initial-delay", "30s"));

        HttpResponse<String> answer = http.post("/webhooks/piapi", webhookBody("w-x", "completed"), "x-webhook-secret", "");
        HttpResponse<String> guessed = http.post("/webhooks/piapi", webhookBody("w-x", "completed"), "x-webhook-secret", "null");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(guessed.statusCode()).isEqualTo(401);
        assertThat(collector.ledger().find("w-x")).isEmpty();
    }

    @Test
    void refusesOversizedAndMalformedBodies() throws Exception {
        start(SLOW_POLLS);
        byte[] big = (webhookBody("w-big", "completed").replace("\"a cat\"", "\"" + "a".repeat(1024 * 1024) + "\""))
                .getBytes(StandardCharsets.UTF_8);
        byte[] justBelow = "{\"timestamp\":1,\"data\":{\"task_id\":\"w-ok\",\"status\":\"pending\",\"pad\":\"%s\"}}"
                .formatted("b".repeat(1024 * 1024 - 80)).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> tooBig = http.post("/webhooks/piapi", big, "x-webhook-secret", SECRET);
        HttpResponse<String> broken = http.post("/webhooks/piapi", "{\"timestamp\": 1, \"data\": {", "x-webhook-secret", SECRET);
        HttpResponse<String> notJson = http.post("/webhooks/piapi", "<html>hi</html>", "x-webhook-secret", SECRET);
        HttpResponse<String> noData = http.post("/webhooks/piapi", "{\"timestamp\": 1}", "x-webhook-secret", SECRET);
        HttpResponse<String> badId = http.post("/webhooks/piapi", "{\"data\": {\"task_id\": \"../x\", \"status\": \"completed\"}}",
                "x-webhook-secret", SECRET);
        HttpResponse<String> fits = http.post("/webhooks/piapi", justBelow, "x-webhook-secret", SECRET);

        assertThat(big.length).isGreaterThan(1024 * 1024);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(noData.statusCode()).isEqualTo(400);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(justBelow.length).isLessThanOrEqualTo(1024 * 1024);
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(collector.ledger().find("w-big")).isEmpty();
        try (Stream<Path> files = Files.list(collector.deadLetter())) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void settlesARepeatedDeliveryOnce() throws Exception {
        piapi.script("w-d", task("w-d", "processing"));
        start(SLOW_POLLS);
        admitAndAwaitFirstPoll("w-d");

        JsonNode first = JSON.readTree(deliver("w-d", "completed").body());
        awaitSettled("w-d", TaskState.COMPLETED);
        long storedAt = Files.getLastModifiedTime(collector.completed().resolve("w-d.json")).toMillis();
        JsonNode second = JSON.readTree(deliver("w-d", "completed").body());
        JsonNode third = JSON.readTree(deliver("w-d", "processing").body());

        assertThat(first.path("result").asText()).isEqualTo("accepted");
        assertThat(second.path("result").asText()).isEqualTo("duplicate");
        assertThat(third.path("result").asText()).isEqualTo("duplicate");
        assertThat(Files.getLastModifiedTime(collector.completed().resolve("w-d.json")).toMillis()).isEqualTo(storedAt);
        assertThat(row("w-d").state()).isEqualTo(TaskState.COMPLETED);
        assertThat(completedEvents("w-d")).isEqualTo(1);
    }

    @Test
    void addsAndSettlesATaskThePollerHasNotSeen() throws Exception {
        start(SLOW_POLLS);

        HttpResponse<String> answer = deliver("w-new", "completed");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("result").asText()).isEqualTo("accepted");
        awaitSettled("w-new", TaskState.COMPLETED);
        assertThat(collector.completed().resolve("w-new.json")).exists();
        TaskRecord row = row("w-new");
        assertThat(row.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(row.source()).isEqualTo("webhook");
        assertThat(piapi.polls("w-new")).isZero();
    }

    @Test
    void ignoresAnUnknownTaskWhenToldTo() throws Exception {
        start(Map.of("collector.webhook.secret", SECRET, "collector.webhook.accept-unknown", "false"));

        HttpResponse<String> answer = deliver("w-stranger", "completed");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("result").asText()).isEqualTo("ignored");
        assertThat(collector.ledger().find("w-stranger")).isEmpty();
        assertThat(collector.completed().resolve("w-stranger.json")).doesNotExist();
    }

    @Test
    void aStatusThatIsNotFinalUpdatesTheLedgerAndMovesTheNextPoll() throws Exception {
        piapi.script("w-r", task("w-r", "pending"));
        start(Map.of("collector.webhook.secret", SECRET, "collector.poll.initial-delay", "20s",
                "collector.poll.max-delay", "60s"));
        admitAndAwaitFirstPoll("w-r");
        Instant scheduled = row("w-r").nextPollAt();

        Instant queuedAt = Instant.now();
        JsonNode queued = JSON.readTree(deliver("w-r", "staged").body());
        Instant pushedBack = row("w-r").nextPollAt();
        Instant startedAt = Instant.now();
        JsonNode started = JSON.readTree(deliver("w-r", "processing").body());
        TaskRecord row = row("w-r");

        // waiting for a slot: no result soon, the webhook will say when it starts -> back to one max delay
        assertThat(queued.path("result").asText()).isEqualTo("updated");
        assertThat(pushedBack).isAfter(scheduled).isAfterOrEqualTo(queuedAt.plusSeconds(60).minusMillis(1));
        // started: the result may come soon -> forward to one initial delay
        assertThat(started.path("result").asText()).isEqualTo("updated");
        assertThat(row.nextPollAt()).isBefore(pushedBack)
                .isBetween(startedAt.plusSeconds(20).minusMillis(1), Instant.now().plusSeconds(20));
        assertThat(row.state()).isEqualTo(TaskState.OPEN);
        assertThat(row.lastStatus()).isEqualTo("processing");
        assertThat(row.polls()).isEqualTo(1);
        assertThat(JSON.readTree(row.lastData()).path("config").path("webhook_config").path("secret").asText()).isEqualTo("***");
        assertThat(piapi.polls("w-r")).isEqualTo(1);
    }

    @Test
    void aFinalResultThatMeetsAPollInFlightIsSettledWhenThePollLetsGo() throws Exception {
        piapi.script("w-l", task("w-l", "processing"));
        start(SLOW_POLLS);
        admitAndAwaitFirstPoll("w-l");
        // stand in for a poll in flight: another owner holds the task's lease
        collector.ledger().recordPoll("w-l", "other", new PollRecord(1, 0, Instant.now(), null, null, null, null, null, null, null));
        List<ClaimedTask> held = collector.ledger().claimDue(10, Instant.now().plusSeconds(40), "poll-in-flight",
                Instant.now().plusSeconds(120));
        assertThat(held).extracting(ClaimedTask::taskId).contains("w-l");

        JsonNode answer = JSON.readTree(deliver("w-l", "completed").body());

        assertThat(answer.path("result").asText()).isEqualTo("deferred");
        assertThat(collector.completed().resolve("w-l.json")).doesNotExist();
        // the poll ends without a final answer and lets go of the lease
        collector.ledger().recordPoll("w-l", "poll-in-flight",
                new PollRecord(2, 0, Instant.now().plusSeconds(60), null, "processing", 200, null, null, null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("w-l.json")));
        await().atMost(Duration.ofSeconds(30)).until(() -> row("w-l").state() == TaskState.COMPLETED);
        assertThat(piapi.polls("w-l")).isEqualTo(1);
    }

    @Test
    void capturesTheOutputFilesOfAPushedResultAndLeavesAFailedCaptureToPolling() throws Exception {
        WireMockServer files = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        files.start();
        try {
            files.stubFor(WireMock.get("/temp/ok.png").willReturn(WireMock.aResponse().withBody(new byte[2048])));
            files.stubFor(WireMock.get("/temp/gone.png").willReturn(WireMock.aResponse().withStatus(404)));
            piapi.script("w-cap", task("w-cap", "processing")).script("w-miss", task("w-miss", "processing"));
            Map<String, String> settings = new java.util.HashMap<>(SLOW_POLLS);
            settings.put("collector.artifacts.enabled", "true");
            settings.put("collector.artifacts.allowed-hosts", "localhost");
            start(settings);
            admitAndAwaitFirstPoll("w-cap");
            admitAndAwaitFirstPoll("w-miss");

            JsonNode ok = JSON.readTree(deliverWithOutput("w-cap", "http://localhost:" + files.port() + "/temp/ok.png").body());
            JsonNode miss = JSON.readTree(deliverWithOutput("w-miss", "http://localhost:" + files.port() + "/temp/gone.png").body());

            assertThat(ok.path("result").asText()).isEqualTo("accepted");
            awaitSettled("w-cap", TaskState.COMPLETED);
            assertThat(collector.completed().resolve("w-cap").resolve("manifest.json")).exists();
            assertThat(collector.completed().resolve("w-cap.json")).exists();
            assertThat(row("w-cap").state()).isEqualTo(TaskState.COMPLETED);
            assertThat(miss.path("result").asText()).isEqualTo("accepted");
            // the store pool's capture fails: a transient error of the task, as after a poll; polling takes it again
            await().atMost(Duration.ofSeconds(30)).until(() -> row("w-miss").transientErrors() == 1);
            assertThat(collector.completed().resolve("w-miss.json")).doesNotExist();
            TaskRecord waiting = row("w-miss");
            assertThat(waiting.state()).isEqualTo(TaskState.OPEN);
            assertThat(waiting.nextPollAt()).isAfter(Instant.now()); // left to the poller once the lease lapses
            assertThat(piapi.polls("w-cap")).isEqualTo(1);
        } finally {
            files.stop();
        }
    }

    /** The output file host's delay: an answer that waited for the download would take at least this long. */
    private static final int DOWNLOAD_MILLIS = 4_000;

    @Test
    void aSlowOutputDownloadDoesNotDelayTheAnswer() throws Exception {
        WireMockServer files = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        files.start();
        try {
            files.stubFor(WireMock.get("/temp/slow.png")
                    .willReturn(WireMock.aResponse().withBody(new byte[2048]).withFixedDelay(DOWNLOAD_MILLIS)));
            piapi.script("w-slow", task("w-slow", "processing"));
            Map<String, String> settings = new java.util.HashMap<>(SLOW_POLLS);
            settings.put("collector.artifacts.enabled", "true");
            settings.put("collector.artifacts.allowed-hosts", "localhost");
            start(settings);
            admitAndAwaitFirstPoll("w-slow");

            long sent = System.nanoTime();
            HttpResponse<String> answer = deliverWithOutput("w-slow", "http://localhost:" + files.port() + "/temp/slow.png");
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            JsonNode again = JSON.readTree(deliverWithOutput("w-slow", "http://localhost:" + files.port() + "/temp/slow.png").body());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("result").asText()).isEqualTo("accepted");
            assertThat(took).as("answered before the download could end").isLessThan(Duration.ofMillis(DOWNLOAD_MILLIS));
            assertThat(again.path("result").asText()).as("a repeated delivery while it is stored").isEqualTo("duplicate");
            assertThat(collector.completed().resolve("w-slow.json")).doesNotExist();
            awaitSettled("w-slow", TaskState.COMPLETED);
            assertThat(collector.completed().resolve("w-slow").resolve("manifest.json")).exists();
            assertThat(collector.completed().resolve("w-slow.json")).exists();
            files.verify(1, WireMock.getRequestedFor(WireMock.urlEqualTo("/temp/slow.png")));
            assertThat(piapi.polls("w-slow")).isEqualTo(1);
        } finally {
            files.stop();
        }
    }

    private void awaitSettled(String id, TaskState state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> row(id).state() == state);
    }

    private HttpResponse<String> deliverWithOutput(String id, String url) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(webhookBody(id, "completed"));
        ((ObjectNode) body.get("data")).set("output", JSON.createObjectNode().put("image_url", url));
        return http.post("/webhooks/piapi", body.toString(), "Content-Type", "application/json", "x-webhook-secret", SECRET);
    }

    private long completedEvents(String id) throws Exception {
        try (var c = ((ai.piapi.collector.ledger.JdbcLedger) collector.ledger()).dataSource().getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM task_event WHERE task_id = ? AND kind = 'completed'")) {
            ps.setString(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
