package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.http.ServerAnnouncer;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /tasks, GET /tasks/{id} and GET /tasks over real HTTP, through the real routes and ledger. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class HttpTaskApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "tok-test-91c2-DO-NOT-LEAK";

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
            CollectorRun.assertNoSecretUnder(root, TOKEN);
        }
        piapi.close();
    }

    private void start(Map<String, String> extra) throws Exception {
        collector = CollectorRun.start(root, piapi.baseUrl(), extra);
        http = new HttpFace(collector);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void admitsAJsonObjectLikeTheFileIntakeAndDeadLettersInvalidIds() throws Exception {
        piapi.script("h-1", task("h-1", "completed"));
        start(Map.of("collector.poll.initial-delay", "30s"));

        HttpResponse<String> answer = http.post("/tasks", "{\"task_ids\": [\"h-1\", \"h 2\", 7, \"h-1\"]}",
                "Content-Type", "application/json");

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(answer);
        assertThat(body.path("accepted").asInt()).isEqualTo(1);
        assertThat(body.path("duplicates").asInt()).isEqualTo(1);
        assertThat(body.path("rejected")).hasSize(2);
        assertThat(body.path("rejected").get(0).path("input").asText()).isEqualTo("h 2");
        assertThat(body.path("rejected").get(0).path("reason").asText()).isEqualTo("invalid_task_id");
        assertThat(body.path("rejected").get(1).path("input").asText()).isEqualTo("7");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("h-1.json")));
        List<JsonNode> invalid = invalidRecords();
        assertThat(invalid).hasSize(2).allSatisfy(r -> {
            assertThat(r.path("reason").asText()).isEqualTo("invalid_task_id");
            assertThat(r.path("source").asText()).isEqualTo("http");
        });
        assertThat(invalid).extracting(r -> r.path("raw").asText()).containsExactlyInAnyOrder("h 2", "7");
        assertThat(collector.ledger().find("h-1").orElseThrow().source()).isEqualTo("http");
    }

    @Test
    void admitsAJsonArrayAndTextLinesAndCountsRepeatsAsDuplicates() throws Exception {
        start(Map.of("collector.poll.initial-delay", "30s"));
        piapi.script("a-1", task("a-1", "processing")).script("a-2", task("a-2", "processing"))
                .script("a-3", task("a-3", "processing"));

        JsonNode array = json(http.post("/tasks", "[\"a-1\", \"a-2\"]"));
        JsonNode lines = json(http.post("/tasks", "# a comment\na-2\n\na-3\n", "Content-Type", "text/plain"));

        assertThat(array.path("accepted").asInt()).isEqualTo(2);
        assertThat(array.path("rejected")).isEmpty();
        assertThat(lines.path("accepted").asInt()).isEqualTo(1);
        assertThat(lines.path("duplicates").asInt()).isEqualTo(1);
        assertThat(collector.ledger().find("a-3").orElseThrow().state()).isEqualTo(TaskState.OPEN);
    }

    @Test
    void refusesBodiesItCannotRead() throws Exception {
        start(Map.of());

        HttpResponse<String> broken = http.post("/tasks", "{\"task_ids\": [\"x\"", "Content-Type", "application/json");
        HttpResponse<String> noArray = http.post("/tasks", "{\"ids\": [\"x\"]}");
        HttpResponse<String> empty = http.post("/tasks", "  \n");
        HttpResponse<String> form = http.post("/tasks", "x", "Content-Type", "application/x-www-form-urlencoded");

        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).path("error").asText()).contains("not valid JSON");
        assertThat(noArray.statusCode()).isEqualTo(400);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(json(form).path("error").asText()).contains("text/plain");
        assertThat(collector.ledger().find("x")).isEmpty();
    }

    @Test
    void showsOneTaskAsTheLedgerSeesItAnd404ForAnUnknownOne() throws Exception {
        piapi.script("s-1", task("s-1", "processing"));
        start(Map.of("collector.poll.initial-delay", "30s"));
        http.post("/tasks", "s-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.ledger().find("s-1").orElseThrow().polls() == 1);

        HttpResponse<String> shown = http.get("/tasks/s-1");
        HttpResponse<String> unknown = http.get("/tasks/never-seen");
        HttpResponse<String> garbage = http.get("/tasks/..%2Fetc");

        assertThat(shown.statusCode()).isEqualTo(200);
        JsonNode view = json(shown);
        assertThat(view.path("task_id").asText()).isEqualTo("s-1");
        assertThat(view.path("state").asText()).isEqualTo("open");
        assertThat(view.path("attempts").asInt()).isEqualTo(1);
        assertThat(view.path("last_status").asText()).isEqualTo("processing");
        assertThat(view.path("next_poll_at").asText()).isNotEmpty();
        assertThat(view.has("reason")).isTrue();
        assertThat(view.has("location")).isTrue();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).isEqualTo("no such task");
        assertThat(garbage.statusCode()).isEqualTo(404);
    }

    @Test
    void listsTasksByStateInPages() throws Exception {
        piapi.script("p-done", task("p-done", "completed"));
        start(Map.of("collector.poll.initial-delay", "30s"));
        http.post("/tasks", "p-done");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> collector.ledger().find("p-done").orElseThrow().state() == TaskState.COMPLETED);
        http.post("/tasks", "p-1\np-2\np-3\np-4\np-5\n"); // unknown to the stub: 404 at their first poll
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.ledger().countByState().get(TaskState.DEAD) == 5);
        for (String id : List.of("p-6", "p-7", "p-8")) {
            piapi.script(id, task(id, "processing")); // open: next poll in 30 s
        }
        http.post("/tasks", "p-6\np-7\np-8\n");

        List<String> seen = new ArrayList<>();
        String after = "";
        int pages = 0;
        do {
            JsonNode page = json(http.get("/tasks?state=open&limit=2&after=" + after));
            page.path("tasks").forEach(t -> seen.add(t.path("task_id").asText()));
            after = page.path("next_after").isNull() ? null : page.path("next_after").asText();
            pages++;
        } while (after != null && pages < 10);
        JsonNode completed = json(http.get("/tasks?state=completed"));
        JsonNode all = json(http.get("/tasks?limit=1000"));

        assertThat(seen).containsExactly("p-6", "p-7", "p-8");
        assertThat(completed.path("tasks")).hasSize(1);
        assertThat(completed.path("tasks").get(0).path("location").asText()).endsWith("p-done.json");
        assertThat(completed.path("next_after").isNull()).isTrue();
        assertThat(all.path("tasks")).hasSize(9);
        assertThat(http.get("/tasks?state=lost").statusCode()).isEqualTo(400);
        assertThat(http.get("/tasks?limit=0").statusCode()).isEqualTo(400);
        assertThat(http.get("/tasks?limit=many").statusCode()).isEqualTo(400);
        assertThat(http.get("/tasks?after=a%20b").statusCode()).isEqualTo(400);
    }

    @Test
    void requiresTheBearerTokenWhenOneIsSet() throws Exception {
        start(Map.of("collector.http.token", TOKEN, "collector.poll.initial-delay", "30s"));

        HttpResponse<String> none = http.post("/tasks", "b-1");
        HttpResponse<String> wrong = http.post("/tasks", "b-1", "Authorization", "Bearer not-it");
        HttpResponse<String> wrongRead = http.get("/tasks/b-1", "Authorization", "Bearer not-it");
        HttpResponse<String> right = http.post("/tasks", "b-1", "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> read = http.get("/tasks/b-1", "Authorization", "bearer " + TOKEN);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrongRead.statusCode()).isEqualTo(401);
        assertThat(json(wrong).toString()).doesNotContain(TOKEN);
        assertThat(right.statusCode()).isEqualTo(202);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(collector.ledger().find("b-1")).isPresent();
    }

    @Test
    void runsWithoutAnyServerWhenTheHttpFaceIsOff() throws Exception {
        piapi.script("off-1", task("off-1", "completed"));
        collector = CollectorRun.start(root, piapi.baseUrl(), Map.of("collector.http.enabled", "false"));

        collector.drop("off.txt", "off-1\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("off-1.json")));
        assertThat(ServerAnnouncer.port(collector.context())).isEqualTo(-1);
        assertThat(collector.context().getRouteController().getRouteStatus("http-post-tasks").isStarted()).isFalse();
    }

    private List<JsonNode> invalidRecords() throws Exception {
        try (Stream<Path> files = Files.list(collector.deadLetter())) {
            List<JsonNode> out = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("invalid-")).toList()) {
                out.add(JSON.readTree(f.toFile()));
            }
            return out;
        }
    }
}
