package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /tasks/replay and the filters of GET /tasks over real HTTP, through the real routes and ledger. */
class OperatorApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok-ops-5d1e-DO-NOT-LEAK";

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

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.get(path, "Authorization", "Bearer " + TOKEN);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> replay(String body) throws Exception {
        return http.post("/tasks/replay", body, "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("tasks").forEach(t -> ids.add(t.path("task_id").asText()));
        return ids;
    }

    private long dead() {
        return collector.ledger().countByState().get(TaskState.DEAD);
    }

    /** f-1..f-3 fail once then complete; n-1, n-2 are unknown to PiAPI (404, not_found); c-1 completes. */
    private void deadLettersOfTwoReasons() throws Exception {
        for (String id : List.of("f-1", "f-2", "f-3")) {
            piapi.script(id, failedTask(id, "gpu on fire"), task(id, "completed"));
        }
        piapi.script("c-1", task("c-1", "completed"));
        start(Map.of("collector.http.token", TOKEN));
        http.post("/tasks", "f-1\nf-2\nf-3\nn-1\nn-2\nc-1\n", "Authorization", "Bearer " + TOKEN);
        await().atMost(Duration.ofSeconds(30)).until(() -> dead() == 5
                && collector.ledger().countByState().get(TaskState.COMPLETED) == 1);
    }

    @Test
    void replaysTheDeadLettersOfOneReasonAndLeavesTheOthers() throws Exception {
        deadLettersOfTwoReasons();

        HttpResponse<String> answer = replay("{\"reason\": \"task_failed\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("replayed").asInt()).isEqualTo(3);
        assertThat(body.path("task_ids").toString()).isEqualTo("[\"f-1\",\"f-2\",\"f-3\"]");
        assertThat(body.path("more").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.ledger().countByState().get(TaskState.COMPLETED) == 4);
        for (String id : List.of("f-1", "f-2", "f-3")) {
            assertThat(collector.ledger().find(id).orElseThrow().reopened()).isEqualTo(1);
            assertThat(collector.completed().resolve(id + ".json")).exists();
            assertThat(collector.deadLetter().resolve(id + ".json")).as("kept as history").exists();
            assertThat(piapi.polls(id)).isEqualTo(2);
        }
        assertThat(ids(get("/tasks?state=dead"))).containsExactly("n-1", "n-2");
        assertThat(piapi.polls("n-1")).isEqualTo(1);
        assertThat(JSON.readTree(replay("{\"reason\": \"task_failed\"}").body()).path("replayed").asInt()).isZero();
    }

    @Test
    void replaysByIdAndByTimeWindowAndRefusesAnAskThatNamesNothing() throws Exception {
        deadLettersOfTwoReasons();
        Instant afterTheyDied = Instant.now().plusMillis(1);

        JsonNode byId = JSON.readTree(replay("{\"task_ids\": [\"n-1\", \"c-1\", \"never-seen\"]}").body());
        assertThat(byId.path("replayed").asInt()).isEqualTo(1);
        assertThat(byId.path("not_dead").toString()).isEqualTo("[\"c-1\",\"never-seen\"]");
        assertThat(collector.ledger().find("never-seen")).as("a replay admits nothing new").isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> piapi.polls("n-1") == 2 && dead() == 5);

        JsonNode before = JSON.readTree(replay("{\"until\": \"" + afterTheyDied.minusSeconds(60) + "\"}").body());
        JsonNode window = JSON.readTree(replay("{\"since\": \"1h\", \"until\": \"" + afterTheyDied + "\"}").body());

        assertThat(before.path("replayed").asInt()).isZero();
        assertThat(window.path("task_ids").toString()).as("n-1 died again after the window")
                .isEqualTo("[\"f-1\",\"f-2\",\"f-3\",\"n-2\"]");
        HttpResponse<String> nothing = replay("{}");
        HttpResponse<String> badTime = replay("{\"since\": \"yesterday\"}");
        HttpResponse<String> badId = replay("{\"task_ids\": [\"../etc\"]}");
        HttpResponse<String> noToken = http.post("/tasks/replay", "{\"reason\": \"not_found\"}", "Content-Type", "application/json");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(nothing.body()).path("error").asText()).contains("reason, since, until and/or task_ids");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badTime.body()).path("error").asText()).startsWith("since must be");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void searchesByReasonModelSourceAndSettledTimeInStablePages() throws Exception {
        deadLettersOfTwoReasons();
        Files.createDirectories(collector.inbox());
        piapi.script("i-1", task("i-1", "processing"));
        collector.drop("batch-7.txt", "i-1\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.ledger().find("i-1").isPresent());

        assertThat(ids(get("/tasks?reason=not_found"))).containsExactly("n-1", "n-2");
        assertThat(ids(get("/tasks?state=dead&reason=task_failed&limit=2"))).containsExactly("f-1", "f-2");
        assertThat(get("/tasks?state=dead&reason=task_failed&limit=2").path("next_after").asText()).isEqualTo("f-2");
        assertThat(ids(get("/tasks?state=dead&reason=task_failed&limit=2&after=f-2"))).containsExactly("f-3");
        assertThat(ids(get("/tasks?model=Qubico/flux1-dev&state=dead"))).containsExactly("f-1", "f-2", "f-3");
        assertThat(ids(get("/tasks?source=batch-7.txt"))).containsExactly("i-1");
        assertThat(ids(get("/tasks?settled_since=1h&limit=1000"))).containsExactly("c-1", "f-1", "f-2", "f-3", "n-1", "n-2");
        assertThat(ids(get("/tasks?settled_until=" + Instant.now().minusSeconds(3600)))).isEmpty();
        assertThat(http.get("/tasks?state=gone", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
        assertThat(http.get("/tasks?settled_since=soon", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
        HttpResponse<String> typo = http.get("/tasks?reason=capture_faild", "Authorization", "Bearer " + TOKEN);
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(typo.body()).path("error").asText()).startsWith("reason must be one of task_failed, ");
        assertThat(http.get("/tasks?reason=not_found").statusCode()).isEqualTo(401);
    }

    @Test
    void answersAnUnknownPathOrMethodInJson() throws Exception {
        start(Map.of());

        HttpResponse<String> unknown = http.get("/no/such/path");
        HttpResponse<String> wrongMethod = http.post("/status.json", "{}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).startsWith("no GET on this path");
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(wrongMethod.body()).path("error").asText()).startsWith("no POST on this path");
        assertThat(http.get("/observe/health").statusCode()).as("Camel's own paths still answer").isEqualTo(200);
        assertThat(http.get("/observe/metrics").statusCode()).isEqualTo(200);
        assertThat(http.get("/tasks").statusCode()).isEqualTo(200);
    }
}
