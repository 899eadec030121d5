package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.json;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TimerTask;
import org.apache.camel.component.timer.TimerComponent;
import org.apache.camel.component.timer.TimerConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Camel's /observe/health with the collector's own checks, over real HTTP. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class HealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    PiapiStub piapi;
    CollectorRun collector;
    HttpFace http;

    @BeforeEach
    void start() throws Exception {
        piapi = new PiapiStub();
        collector = CollectorRun.start(root, piapi.baseUrl(), Map.of());
        http = new HttpFace(collector);
        // Camel's own consumer checks are DOWN until each poller (the inbox scan) has run once
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/observe/health").statusCode() == 200);
    }

    @AfterEach
    void stop() throws Exception {
        collector.close();
        piapi.close();
    }

    private JsonNode check(JsonNode health, String id) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(id)) {
                return c;
            }
        }
        return JSON.missingNode();
    }

    @Test
    void turnsDownWhileTheApiKeyIsRefusedAndUpWhenItIsAcceptedAgain() throws Exception {
        HttpResponse<String> healthy = http.get("/observe/health?exposureLevel=full");
        assertThat(healthy.statusCode()).isEqualTo(200);
        JsonNode all = JSON.readTree(healthy.body());
        assertThat(all.path("status").asText()).isEqualTo("UP");
        for (String id : new String[] {"collector-api-key", "collector-ledger", "collector-folders"}) {
            assertThat(check(all, id).path("status").asText()).as(id).isEqualTo("UP");
        }

        piapi.script("k-1", json(401, "{\"code\":401,\"message\":\"Invalid API key\"}"));
        http.post("/tasks", "k-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/observe/health").statusCode() == 503);
        JsonNode down = JSON.readTree(http.get("/observe/health").body());
        HttpResponse<String> ready = http.get("/observe/health/ready");
        HttpResponse<String> live = http.get("/observe/health/live");

        assertThat(down.path("status").asText()).isEqualTo("DOWN");
        assertThat(check(down, "collector-api-key").path("message").asText()).contains("refuses the API key");
        assertThat(down.toString()).doesNotContain(CollectorRun.API_KEY);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(live.statusCode()).isEqualTo(200); // a restart would not mend a key: liveness stays up

        piapi.script("k-1", task("k-1", "completed"));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/observe/health").statusCode() == 200);
        assertThat(JSON.readTree(http.get("/observe/health").body()).path("status").asText()).isEqualTo("UP");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("k-1.json")));
    }

    @Test
    void livenessTurnsDownWhenATimerThreadDies() throws Exception {
        assertThat(http.get("/observe/health/live").statusCode()).isEqualTo(200);

        // an Error (OutOfMemoryError, say) kills the thread of the claim timer: no task would be polled again
        TimerConsumer claims = (TimerConsumer) collector.context().getRoute("claim-due-tasks").getConsumer();
        collector.context().getComponent("timer", TimerComponent.class).getTimer(claims).schedule(new TimerTask() {
            @Override
            public void run() {
                throw new StackOverflowError("simulated");
            }
        }, 0);

        // (Awaitility must not take the thread's death for itself: the collector's handler is to see it)
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/observe/health/live").statusCode() == 503);
        HttpResponse<String> live = http.get("/observe/health/live");
        JsonNode threads = check(JSON.readTree(live.body()), "collector-threads");
        assertThat(threads.path("status").asText()).isEqualTo("DOWN");
        assertThat(threads.path("message").asText()).contains("1 thread died", "timer:", "claim-due-tasks", "StackOverflowError: simulated");
        assertThat(http.get("/observe/health/ready").statusCode()).isEqualTo(503);
        assertThat(http.get("/observe/health").statusCode()).isEqualTo(503);
    }

    @Test
    void turnsDownWhenAStorageFolderCannotBeWritten() throws Exception {
        Path completed = collector.completed();
        Files.delete(completed);
        Files.writeString(completed, "not a folder");

        HttpResponse<String> down = http.get("/observe/health/ready");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(check(JSON.readTree(down.body()), "collector-folders").path("message").asText())
                .contains("collector.completed-dir");

        Files.delete(completed);
        Files.createDirectory(completed);
        HttpResponse<String> up = http.get("/observe/health/ready?exposureLevel=full");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    }
}
