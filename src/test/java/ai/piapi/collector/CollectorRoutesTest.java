package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static ai.piapi.collector.support.PiapiStub.json;
import static ai.piapi.collector.support.PiapiStub.task;
import static ai.piapi.collector.support.PiapiStub.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorFixture;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real YAML routes against a local PiAPI (WireMock) and temporary folders. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class CollectorRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    @RegisterExtension
    final CollectorFixture fixture = new CollectorFixture();
    PiapiStub piapi;
    CollectorRun collector;

    @BeforeEach
    void stub() {
        piapi = fixture.piapi();
    }

    private void start(Map<String, String> extra) throws Exception {
        collector = fixture.start(root, extra);
    }

    private JsonNode awaitFile(Path file) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file));
        return JSON.readTree(file.toFile());
    }

    private TaskRecord ledgerRow(String id) {
        return collector.ledger().find(id).orElseThrow();
    }

    @Test
    void storesATaskThatWasPendingThenProcessingThenCompleted() throws Exception {
        piapi.script("t-1", task("t-1", "pending"), task("t-1", "processing"), task("t-1", "completed"));
        start(Map.of());
        collector.drop("batch.txt", "t-1\n");

        JsonNode stored = awaitFile(collector.completed().resolve("t-1.json"));

        assertThat(stored.path("task_id").asText()).isEqualTo("t-1");
        assertThat(stored.path("status").asText()).isEqualTo("completed");
        assertThat(stored.path("brand_new_field").path("x").size()).isEqualTo(2);
        assertThat(stored.path("meta").path("created_at").asText()).isEqualTo("2026-11-28T10:00:00.123456789+08:00");
        await().until(() -> ledgerRow("t-1").state() == TaskState.COMPLETED);
        assertThat(piapi.polls("t-1")).isEqualTo(3);
        assertThat(ledgerRow("t-1").polls()).isEqualTo(3);
        LoggedRequest first = piapi.requests("t-1").get(0);
        assertThat(first.getHeader("X-API-Key")).isEqualTo(CollectorRun.API_KEY);
    }

    @Test
    void masksTheWebhookSecretInStoredFiles() throws Exception {
        piapi.script("t-ok", task("t-ok", "completed")).script("t-bad", failedTask("t-bad", "nsfw"));
        start(Map.of());
        collector.drop("two.txt", "t-ok\nt-bad\n");

        JsonNode done = awaitFile(collector.completed().resolve("t-ok.json"));
        JsonNode dead = awaitFile(collector.deadLetter().resolve("t-bad.json"));

        assertThat(done.path("config").path("webhook_config").path("secret").asText()).isEqualTo("***");
        assertThat(dead.path("task").path("config").path("webhook_config").path("secret").asText()).isEqualTo("***");
        await().until(() -> ledgerRow("t-bad").state() == TaskState.DEAD);
        collector.close();
        CollectorRun.assertNoSecretUnder(root, PiapiStub.WEBHOOK_SECRET);
        collector = null;
    }

    @Test
    void deadLettersATaskThatFailedWithPiapisError() throws Exception {
        piapi.script("t-f", task("t-f", "processing"), failedTask("t-f", "content policy"));
        start(Map.of());
        collector.drop("f.txt", "t-f");

        JsonNode dead = awaitFile(collector.deadLetter().resolve("t-f.json"));

        assertThat(dead.path("task_id").asText()).isEqualTo("t-f");
        assertThat(dead.path("reason").asText()).isEqualTo("task_failed");
        assertThat(dead.path("detail").asText()).contains("content policy");
        assertThat(dead.path("attempts").asInt()).isEqualTo(2);
        assertThat(dead.path("http_status").asInt()).isEqualTo(200);
        assertThat(dead.path("error").path("code").asInt()).isEqualTo(10000);
        assertThat(dead.path("task").path("status").asText()).isEqualTo("failed");
        assertThat(dead.path("first_seen_at").asText()).isNotEmpty();
        assertThat(dead.path("dead_lettered_at").asText()).isNotEmpty();
        assertThat(collector.completed().resolve("t-f.json")).doesNotExist();
    }

    @Test
    void deadLettersCancelledTasksWhateverTheCase() throws Exception {
        piapi.script("t-c1", task("t-c1", "cancelled")).script("t-c2", task("t-c2", "Cancelled"))
                .script("t-c3", task("t-c3", "canceled"));
        start(Map.of());
        collector.drop("c.txt", "t-c1\nt-c2\nt-c3\n");

        for (String id : List.of("t-c1", "t-c2", "t-c3")) {
            assertThat(awaitFile(collector.deadLetter().resolve(id + ".json")).path("reason").asText())
                    .isEqualTo("task_cancelled");
        }
    }

    @Test
    void deadLettersA404WithAPlainTextBodyAsNotFound() throws Exception {
        piapi.script("t-404", text(404, "text/plain", "404 page not found"));
        start(Map.of());
        collector.drop("n.txt", "t-404");

        JsonNode dead = awaitFile(collector.deadLetter().resolve("t-404.json"));

        assertThat(dead.path("reason").asText()).isEqualTo("not_found");
        assertThat(dead.path("http_status").asInt()).isEqualTo(404);
        assertThat(dead.path("detail").asText()).contains("404 page not found");
        assertThat(piapi.polls("t-404")).isEqualTo(1);
    }

    @Test
    void deadLettersOtherClientErrorsAsRejected() throws Exception {
        piapi.script("t-400", json(400, "{\"code\":400,\"message\":\"invalid request\"}"));
        start(Map.of());
        collector.drop("r.txt", "t-400");

        JsonNode dead = awaitFile(collector.deadLetter().resolve("t-400.json"));

        assertThat(dead.path("reason").asText()).isEqualTo("rejected");
        assertThat(dead.path("detail").asText()).contains("invalid request");
    }

    @Test
    void retriesServerErrorsThenStoresTheTask() throws Exception {
        piapi.script("t-5", text(500, "text/plain", "oops"), json(500, "{\"code\":500,\"message\":\"busy\"}"),
                task("t-5", "completed"));
        start(Map.of());
        collector.drop("s.txt", "t-5");

        awaitFile(collector.completed().resolve("t-5.json"));
        await().until(() -> ledgerRow("t-5").state() == TaskState.COMPLETED);

        assertThat(piapi.polls("t-5")).isEqualTo(3);
        assertThat(collector.deadLetter().resolve("t-5.json")).doesNotExist();
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        piapi.script("t-429", text(429, "text/plain", "slow down").withHeader("Retry-After", "2"), task("t-429", "completed"));
        start(Map.of());
        collector.drop("r.txt", "t-429");

        awaitFile(collector.completed().resolve("t-429.json"));

        List<LoggedRequest> polls = piapi.requests("t-429");
        assertThat(polls).hasSize(2);
        long gap = polls.get(1).getLoggedDate().getTime() - polls.get(0).getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void treatsAnHtmlBodyOnA200AsTransient() throws Exception {
        String html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        piapi.script("t-html", text(200, "text/html", html), task("t-html", "completed"));
        piapi.script("t-always-html", text(200, "text/html", html));
        start(Map.of("collector.max-transient-errors", "3"));
        collector.drop("h.txt", "t-html\nt-always-html\n");

        awaitFile(collector.completed().resolve("t-html.json"));
        JsonNode dead = awaitFile(collector.deadLetter().resolve("t-always-html.json"));

        assertThat(piapi.polls("t-html")).isEqualTo(2);
        assertThat(dead.path("reason").asText()).isEqualTo("attempts_exhausted");
        assertThat(dead.path("attempts").asInt()).isEqualTo(3);
        assertThat(dead.path("detail").asText()).contains("not JSON");
        assertThat(piapi.polls("t-always-html")).isEqualTo(3);
    }

    @Test
    void deadLettersATaskThatNeverFinishesAtItsDeadline() throws Exception {
        piapi.script("t-slow", task("t-slow", "processing"));
        start(Map.of("collector.task-deadline", "2s"));
        collector.drop("d.txt", "t-slow");

        JsonNode dead = awaitFile(collector.deadLetter().resolve("t-slow.json"));

        assertThat(dead.path("reason").asText()).isEqualTo("deadline_exceeded");
        assertThat(dead.path("task").path("status").asText()).isEqualTo("processing");
        assertThat(dead.path("attempts").asInt()).isGreaterThan(1);
        int polls = piapi.polls("t-slow");
        assertThat(dead.path("attempts").asInt()).isEqualTo(polls);
    }

    @Test
    void pausesOn401WithoutDeadLetteringAndResumesWhenTheKeyWorks() throws Exception {
        String refused = "{\"code\":401,\"message\":\"Invalid API key\"}";
        piapi.script("t-a", json(401, refused), json(401, refused), json(401, refused), task("t-a", "completed"));
        int mark = LogCapture.mark();
        start(Map.of());
        collector.drop("a.txt", "t-a");

        awaitFile(collector.completed().resolve("t-a.json"));

        assertThat(piapi.polls("t-a")).isEqualTo(4);
        try (Stream<Path> dead = Files.list(collector.deadLetter())) {
            assertThat(dead.toList()).isEmpty();
        }
        List<String> lines = LogCapture.since(mark);
        assertThat(lines.stream().filter(l -> l.contains("refused the API key"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.contains("accepts the API key again"))).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains(CollectorRun.API_KEY));
        await().until(() -> ledgerRow("t-a").state() == TaskState.COMPLETED); // the file is written before the settle
        assertThat(ledgerRow("t-a").polls()).isEqualTo(1);
    }

    @Test
    void pollsATaskCompletedAtItsFirstPollOnceEvenWhenListedTwice() throws Exception {
        piapi.script("t-once", task("t-once", "completed"));
        start(Map.of());
        collector.drop("twice.txt", "t-once\nt-once\n");
        collector.drop("again.txt", "t-once\n");

        awaitFile(collector.completed().resolve("t-once.json"));
        await().until(() -> ledgerRow("t-once").duplicates() == 2 && ledgerRow("t-once").state() == TaskState.COMPLETED);

        assertThat(piapi.polls("t-once")).isEqualTo(1);
        assertThat(ledgerRow("t-once").state()).isEqualTo(TaskState.COMPLETED);
    }
}
