package ai.piapi.collector.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/** A local PiAPI get-task endpoint on WireMock: each task answers a scripted sequence, the last one repeating. */
public final class PiapiStub implements AutoCloseable {
    public static final String WEBHOOK_SECRET = "whsec-test-4e8d1b7a-NEVER-STORE";

    private final WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(40));

    public PiapiStub() {
        server.start();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Task {@code id} answers {@code answers[0]}, then {@code answers[1]}, …, then the last one forever. */
    public PiapiStub script(String id, ResponseDefinitionBuilder... answers) {
        String url = "/api/v1/task/" + id;
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer-" + i;
            var stub = get(urlEqualTo(url)).inScenario("task-" + id).whenScenarioStateIs(state).willReturn(answers[i]);
            if (i + 1 < answers.length) {
                stub = stub.willSetStateTo("answer-" + (i + 1));
            }
            server.stubFor(stub);
        }
        return this;
    }

    /** Every task not scripted otherwise answers {@code completed} (the ID is taken from the request path). */
    public PiapiStub completeAny() {
        server.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/api/v1/task/[^/]+"))
                .atPriority(10)
                .willReturn(json(200, envelope("{{request.pathSegments.[3]}}", "completed",
                        "{\"code\":0,\"raw_message\":\"\",\"message\":\"\",\"detail\":null}"))
                        .withTransformers("response-template")));
        return this;
    }

    /**
     * Answers one request, then forgets it: WireMock's first answer takes a few hundred milliseconds (its own
     * start-up), during which later requests queue and are then logged in a burst. Tests that read arrival times
     * call this first.
     */
    public PiapiStub warmUp() throws java.io.IOException, InterruptedException {
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(baseUrl() + "/api/v1/task/warm-up")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        server.resetRequests();
        return this;
    }

    public int polls(String id) {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo("/api/v1/task/" + id)).build()).getCount();
    }

    public List<LoggedRequest> requests(String id) {
        return server.findAll(getRequestedFor(urlEqualTo("/api/v1/task/" + id)));
    }

    public List<LoggedRequest> allRequests() {
        return server.findAll(getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** A JSON answer carrying the task in {@code status}, with a webhook secret echoed in its config. */
    public static ResponseDefinitionBuilder task(String id, String status) {
        return json(200, envelope(id, status, "{\"code\":0,\"raw_message\":\"\",\"message\":\"\",\"detail\":null}"));
    }

    public static ResponseDefinitionBuilder failedTask(String id, String message) {
        return json(200, envelope(id, "failed",
                "{\"code\":10000,\"raw_message\":\"upstream says no\",\"message\":\"" + message + "\",\"detail\":null}"));
    }

    public static String envelope(String id, String status, String error) {
        return """
                {"code":200,"message":"success","data":{"task_id":"%s","model":"Qubico/flux1-dev","task_type":"txt2img",
                "status":"%s","config":{"service_mode":"public","webhook_config":{"endpoint":"https://hooks.example/x",
                "secret":"%s"}},"input":{"prompt":"a cat"},"output":{"image_url":"https://img.theapi.app/temp/%s.png",
                "image_base64":""},"meta":{"created_at":"2026-11-28T10:00:00.123456789+08:00",
                "started_at":"0001-01-01T00:00:00Z","ended_at":"2026-11-28T02:00:05Z","usage":{"type":"point",
                "frozen":0,"consume":1}},"detail":null,"logs":null,"error":%s,"brand_new_field":{"x":[1,2]}}}
                """.formatted(id, status, WEBHOOK_SECRET, id, error);
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    public static ResponseDefinitionBuilder text(int status, String contentType, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
