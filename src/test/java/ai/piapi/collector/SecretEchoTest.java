package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.json;
import static ai.piapi.collector.support.PiapiStub.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PiapiStub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PiAPI that echoes every secret it can see (the API key, the collector's webhook secret and HTTP token, the task's
 * own webhook secret and a secret in its endpoint's query string) in every field of a task object, and the configured
 * ones in error answers (JSON and HTML): none of them may reach a file under data/ (ledger included), a log line or
 * an HTTP answer. (An error answer without a task object cannot be checked for a task's own secret: the collector
 * never keeps one to compare with.)
 */
class SecretEchoTest {
    private static final String API_KEY = CollectorRun.API_KEY;
    private static final String HOOK_SECRET = "whcfg-71c3a9-CONFIGURED-WEBHOOK-SECRET";
    private static final String TOKEN = "tok-5d8e2f-CONFIGURED-HTTP-TOKEN";
    private static final String TASK_SECRET = PiapiStub.WEBHOOK_SECRET;
    private static final String QUERY_SECRET = "qs-93b1e0-SECRET-IN-ENDPOINT-QUERY";
    private static final List<String> ALL = List.of(API_KEY, HOOK_SECRET, TOKEN, TASK_SECRET, QUERY_SECRET);
    private static final String EVERY = String.join(" ", ALL);
    /** What an error answer without a task object can echo: the request's key and what the collector is configured with. */
    private static final String CONFIGURED = String.join(" ", API_KEY, HOOK_SECRET, TOKEN);

    @TempDir
    Path root;
    final PiapiStub piapi = new PiapiStub();
    CollectorRun collector;

    @AfterEach
    void stop() throws Exception {
        if (collector != null) {
            collector.close();
        }
        piapi.close();
    }

    /** A task object whose every free-text field quotes every secret. */
    private static String echoingTask(String id, String status) {
        return """
                {"code":200,"message":"success for %2$s","data":{"task_id":"%1$s","model":"m %2$s","task_type":"t",
                "status":"%3$s","config":{"webhook_config":{"endpoint":"https://hooks.example/in?secret=%4$s&x=1",
                "secret":"%5$s"}},"input":{"prompt":"%2$s"},"output":{"text":"%2$s","image_url":null},
                "meta":{},"detail":"%2$s","logs":["%2$s"],"error":{"code":1,"raw_message":"%2$s","message":"%2$s",
                "detail":"%2$s"}}}""".formatted(id, EVERY, status, QUERY_SECRET, TASK_SECRET);
    }

    @Test
    void noEchoedSecretIsStoredLoggedOrServed() throws Exception {
        piapi.script("e-400", json(400, "{\"code\":400,\"message\":\"bad request for key " + CONFIGURED + "\"}"))
                .script("e-500", text(500, "text/html", "<html><body><p>X-API-Key: " + CONFIGURED + "</p></body></html>"))
                .script("e-fail", json(200, echoingTask("e-fail", "failed")))
                .script("e-ok", json(200, echoingTask("e-ok", "completed")))
                .script("e-run", json(200, echoingTask("e-run", "processing")));
        int mark = LogCapture.mark();
        collector = CollectorRun.start(root, piapi.baseUrl(), Map.of("collector.webhook.secret", HOOK_SECRET,
                "collector.http.token", TOKEN, "collector.max-transient-errors", "2"));
        collector.drop("echo.txt", "e-400\ne-500\ne-fail\ne-ok\ne-run\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("e-400", "e-500", "e-fail", "e-ok").stream()
                .allMatch(id -> collector.ledger().find(id).map(r -> r.state() != TaskState.OPEN).orElse(false)));
        await().atMost(Duration.ofSeconds(10)).until(() -> piapi.polls("e-run") >= 1
                && collector.ledger().find("e-run").map(r -> r.polls() >= 1).orElse(false));

        HttpFace http = new HttpFace(collector);
        List<String> answers = new ArrayList<>();
        for (String path : List.of("/tasks/e-400", "/tasks/e-500", "/tasks/e-fail", "/tasks/e-ok", "/tasks/e-run", "/tasks")) {
            HttpResponse<String> answer = http.get(path, "Authorization", "Bearer " + TOKEN);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            answers.add(answer.body());
        }
        assertThat(answers.get(0)).contains("bad request for key ***");
        assertThat(Files.readString(collector.deadLetter().resolve("e-fail.json"))).containsPattern("\"raw_message\" ?: ?\"\\*\\*\\*");
        assertThat(Files.readString(collector.completed().resolve("e-ok.json"))).contains("?secret=***&x=***");
        List<String> logs = LogCapture.since(mark);
        collector.close();
        collector = null;

        for (String secret : ALL) {
            assertThat(answers).as("HTTP answers").noneMatch(a -> a.contains(secret));
            assertThat(logs).as("log lines").noneMatch(l -> l.contains(secret));
        }
        CollectorRun.assertNoSecretUnder(root, ALL.toArray(String[]::new));
    }
}
