package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.json;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.PiapiStub;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} is valid OpenAPI 3 and says exactly what the server does: its operations are the
 * platform-http routes of the running collector (read from the Camel context, not listed here) plus the health and
 * metrics Camel's management server serves; and each operation's statuses are exactly those real requests get.
 */
class OpenApiContractTest {
    private static final String TOKEN = "tok-openapi-2b7c-DO-NOT-LEAK";
    private static final String SECRET = "whsec-openapi-91aa-DO-NOT-LEAK";

    @TempDir
    Path root;
    PiapiStub piapi = new PiapiStub();
    CollectorRun collector;
    HttpFace http;
    final HttpClient client = HttpClient.newHttpClient();
    /** "METHOD /path/{template}" to the statuses real requests got. */
    final Map<String, Set<Integer>> observed = new TreeMap<>();

    @AfterEach
    void stop() throws Exception {
        if (collector != null) {
            collector.close();
        }
        piapi.close();
    }

    @Test
    void describesExactlyTheRoutesAndTheStatusesTheyAnswer() throws Exception {
        piapi.script("known-1", task("known-1", "processing"));
        piapi.script("key-1", json(401, "{\"code\":401,\"message\":\"Invalid API key\"}"));
        collector = CollectorRun.start(root, piapi.baseUrl(), Map.of("collector.http.token", TOKEN,
                "collector.webhook.secret", SECRET, "collector.webhook.max-body", "2048",
                "collector.poll.initial-delay", "30s"));
        http = new HttpFace(collector);

        HttpResponse<String> served = http.get("/openapi.json");
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/json");
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body());
        assertThat(parsed.getMessages()).as("OpenAPI 3 validation").isEmpty();
        OpenAPI spec = parsed.getOpenAPI();
        assertThat(spec.getOpenapi()).startsWith("3.");

        assertThat(documentedStatuses(spec).keySet()).isEqualTo(servedOperations());

        probeEveryOperation();
        assertThat(observed).isEqualTo(documentedStatuses(spec));
    }

    /** The collector's platform-http routes, and /observe/health and /observe/metrics when management serves them. */
    private Set<String> servedOperations() {
        Set<String> ops = new TreeSet<>();
        for (Route route : collector.context().getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint e) {
                for (String method : e.getHttpMethodRestrict().split(",")) {
                    ops.add(method.strip() + " " + e.getPath());
                }
            }
        }
        var props = collector.context().getPropertiesComponent();
        String base = props.resolveProperty("camel.management.path").orElse("/observe");
        if (props.resolveProperty("camel.management.healthCheckEnabled").orElse("false").equals("true")) {
            ops.add("GET " + base + "/health");
            ops.add("GET " + base + "/health/ready");
            ops.add("GET " + base + "/health/live");
        }
        if (props.resolveProperty("camel.management.metricsEnabled").orElse("false").equals("true")) {
            ops.add("GET " + base + "/metrics");
        }
        return ops;
    }

    /** Each operation's explicit statuses ({@code default}, the 500/503 of an outage, is not probed). */
    private static Map<String, Set<Integer>> documentedStatuses(OpenAPI spec) {
        Map<String, Set<Integer>> out = new TreeMap<>();
        spec.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            Set<Integer> statuses = new TreeSet<>();
            op.getResponses().keySet().stream().filter(k -> !k.equals("default")).forEach(k -> statuses.add(Integer.parseInt(k)));
            out.put(method.name() + " " + path, statuses);
        }));
        return out;
    }

    private void probeEveryOperation() throws Exception {
        String bearer = "Bearer " + TOKEN;
        probe("POST /tasks", "POST", "/tasks", "known-1\n", "Authorization", bearer, "Content-Type", "text/plain");
        probe("POST /tasks", "POST", "/tasks", "{\"task_ids\": ", "Authorization", bearer, "Content-Type", "application/json");
        probe("POST /tasks", "POST", "/tasks", "known-1", "Content-Type", "text/plain");
        probe("POST /tasks", "POST", "/tasks", "a=b", "Authorization", bearer, "Content-Type", "application/x-www-form-urlencoded");
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.ledger().find("known-1").isPresent());

        probe("GET /tasks", "GET", "/tasks?state=open", null, "Authorization", bearer);
        probe("GET /tasks", "GET", "/tasks?state=sleeping", null, "Authorization", bearer);
        probe("GET /tasks", "GET", "/tasks", null);
        probe("GET /tasks/{id}", "GET", "/tasks/known-1", null, "Authorization", bearer);
        probe("GET /tasks/{id}", "GET", "/tasks/never-seen", null, "Authorization", bearer);
        probe("GET /tasks/{id}", "GET", "/tasks/known-1", null);
        probe("POST /tasks/replay", "POST", "/tasks/replay", "{\"reason\": \"not_found\"}", "Authorization", bearer, "Content-Type", "application/json");
        probe("POST /tasks/replay", "POST", "/tasks/replay", "{}", "Authorization", bearer, "Content-Type", "application/json");
        probe("POST /tasks/replay", "POST", "/tasks/replay", "{\"reason\": \"not_found\"}", "Content-Type", "application/json");

        String pushed = PiapiStub.envelope("known-1", "processing", "null").replaceFirst("\"code\":200,\"message\":\"success\",", "\"timestamp\":1,");
        probe("POST /webhooks/piapi", "POST", "/webhooks/piapi", pushed, "x-webhook-secret", SECRET, "Content-Type", "application/json");
        probe("POST /webhooks/piapi", "POST", "/webhooks/piapi", pushed, "x-webhook-secret", "wrong", "Content-Type", "application/json");
        probe("POST /webhooks/piapi", "POST", "/webhooks/piapi", "{\"data\": 1}", "x-webhook-secret", SECRET, "Content-Type", "application/json");
        probe("POST /webhooks/piapi", "POST", "/webhooks/piapi", "{\"pad\": \"" + "x".repeat(4096) + "\"}", "x-webhook-secret", SECRET, "Content-Type", "application/json");

        probe("GET /status.json", "GET", "/status.json", null, "Authorization", bearer);
        probe("GET /status.json", "GET", "/status.json", null);
        probe("GET /", "GET", "/", null);
        probe("GET /status/{file}", "GET", "/status/status.js", null);
        probe("GET /status/{file}", "GET", "/status/..%2Fopenapi.json", null);
        probe("GET /openapi.json", "GET", "/openapi.json", null);
        probe("GET /observe/metrics", "GET", "/observe/metrics", null);
        probe("GET /observe/health", "GET", "/observe/health", null);
        probe("GET /observe/health/ready", "GET", "/observe/health/ready", null);
        probe("GET /observe/health/live", "GET", "/observe/health/live", null);
        // a refused key takes readiness DOWN: the health check's other answer
        http.post("/tasks", "key-1", "Authorization", bearer, "Content-Type", "text/plain");
        await().atMost(Duration.ofSeconds(30)).until(() -> probe("GET /observe/health", "GET", "/observe/health", null) == 503);
        await().atMost(Duration.ofSeconds(30)).until(() -> probe("GET /observe/health/ready", "GET", "/observe/health/ready", null) == 503);
        probe("GET /observe/health/live", "GET", "/observe/health/live", null);
        // Camel 4.18's health output escapes a message twice (Jsoner.escape, then the JSON writer): "/" would show as \/
        assertThat(http.get("/observe/health").body()).as("the DOWN message as written, not escaped")
                .contains("PiAPI refuses the API key").doesNotContain("\\/");
    }

    private int probe(String operation, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.uri("/") + path.substring(1))).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        int status = client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        observed.computeIfAbsent(operation, k -> new TreeSet<>()).add(status);
        return status;
    }
}
