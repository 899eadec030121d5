package ai.piapi.collector.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.task.PollClassifier;
import ai.piapi.collector.task.PollOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each behaviour of the simulator is produced as configured. */
class PiapiSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PollClassifier CLASSIFIER = new PollClassifier(JSON);
    private final HttpClient http = HttpClient.newHttpClient();
    private PiapiSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private void start(String... args) throws IOException {
        String[] all = new String[args.length + 1];
        all[0] = "--port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        simulator = PiapiSimulator.start(SimulatorConfig.parse(all));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private PollOutcome poll(String id) throws Exception {
        HttpResponse<String> answer = get("/api/v1/task/" + id);
        return CLASSIFIER.classify(answer.statusCode(), answer.body(), null);
    }

    @Test
    void answersLikePiapiSoTheCollectorReadsACompletedTask() throws Exception {
        start("--duration=fixed:0", "--failed-rate=0", "--cancelled-rate=0");

        PollOutcome outcome = poll("sim-1");

        assertThat(outcome.kind()).isEqualTo(PollOutcome.Kind.COMPLETED);
        assertThat(outcome.data().path("output").path("image_url").asText()).endsWith("/files/sim-1.png");
        assertThat(outcome.data().path("meta").path("ended_at").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void movesATaskFromPendingToProcessingToCompleted() throws Exception {
        start("--queue-ms=300", "--duration=fixed:300", "--failed-rate=0", "--cancelled-rate=0");

        assertThat(poll("sim-2").status()).isEqualTo("pending");
        await().atMost(Duration.ofSeconds(10)).until(() -> "processing".equals(poll("sim-2").status()));
        await().atMost(Duration.ofSeconds(10)).until(() -> poll("sim-2").is(PollOutcome.Kind.COMPLETED));
        assertThat(simulator.task("sim-2").polls()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void endsTasksFailedOrCancelledAtTheConfiguredRates() throws Exception {
        start("--duration=fixed:0", "--failed-rate=0.3", "--cancelled-rate=0.2");
        int failed = 0;
        int cancelled = 0;
        for (int i = 0; i < 300; i++) {
            PollOutcome o = poll("mix-" + i);
            failed += o.reason() == ai.piapi.collector.task.Reason.TASK_FAILED ? 1 : 0;
            cancelled += o.reason() == ai.piapi.collector.task.Reason.TASK_CANCELLED ? 1 : 0;
        }
        assertThat(failed).isBetween(65, 115);
        assertThat(cancelled).isBetween(38, 82);
    }

    @Test
    void producesServerErrorsRateLimitsAndHtmlPages() throws Exception {
        start("--error500-rate=1");
        assertThat(get("/api/v1/task/e").statusCode()).isEqualTo(500);
        simulator.close();

        start("--error429-rate=1", "--retry-after-seconds=7");
        HttpResponse<String> limited = get("/api/v1/task/e");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        simulator.close();

        start("--html-rate=1");
        HttpResponse<String> html = get("/api/v1/task/e");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(poll("e").kind()).isEqualTo(PollOutcome.Kind.TRANSIENT);
        assertThat(simulator.stats().faults(Fault.HTML)).isEqualTo(2);
    }

    @Test
    void dropsTheConnectionOnAReset() throws Exception {
        start("--reset-rate=1");

        assertThatThrownBy(() -> get("/api/v1/task/r")).isInstanceOf(IOException.class);
        assertThat(simulator.stats().faults(Fault.RESET)).isPositive(); // the JDK client retries a GET once
    }

    @Test
    void delaysSlowRepliesAndAddsLatencyToEveryReply() throws Exception {
        start("--slow-rate=1", "--slow-ms=600", "--latency-ms=100", "--duration=fixed:0");
        long started = System.nanoTime();

        HttpResponse<String> answer = get("/api/v1/task/slow");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void injectsFaultsAtAboutTheConfiguredRate() throws Exception {
        start("--error500-rate=0.25", "--duration=fixed:0");
        int errors = 0;
        for (int i = 0; i < 400; i++) {
            errors += get("/api/v1/task/f-" + i).statusCode() == 500 ? 1 : 0;
        }
        assertThat(errors).isBetween(70, 130);
        assertThat(simulator.stats().requests()).isEqualTo(400);
    }

    @Test
    void servesOutputFilesOfTheConfiguredSize() throws Exception {
        start("--output-bytes=100000");

        HttpResponse<byte[]> file = http.send(java.net.http.HttpRequest.newBuilder(
                URI.create(simulator.baseUrl() + "/files/x.png")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(file.body()).hasSize(100_000);
    }

    @Test
    void keepsAPollCountPerTask() throws Exception {
        start("--duration=fixed:60000");
        for (int i = 0; i < 3; i++) {
            get("/api/v1/task/counted");
        }
        get("/api/v1/task/other");

        JsonNode stats = JSON.readTree(get("/_sim/stats").body());

        assertThat(stats.path("requests").asInt()).isEqualTo(4);
        assertThat(stats.path("polls").path("counted").asInt()).isEqualTo(3);
        assertThat(stats.path("polls").path("other").asInt()).isEqualTo(1);
    }

    @Test
    void pushesTheFinalStateToTheWebhookWithItsSecret() throws Exception {
        List<String> secrets = new CopyOnWriteArrayList<>();
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            secrets.add(exchange.getRequestHeaders().getFirst("x-webhook-secret"));
            bodies.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            start("--duration=fixed:300", "--failed-rate=0", "--cancelled-rate=0",
                    "--webhook-url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "--webhook-secret=s3cr3t");
            get("/api/v1/task/hooked");

            await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 1);

            assertThat(secrets).containsExactly("s3cr3t");
            assertThat(bodies.get(0).path("data").path("status").asText()).isEqualTo("completed");
            assertThat(bodies.get(0).path("timestamp").asLong()).isPositive();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void refusesAnUnknownOption() {
        assertThatThrownBy(() -> SimulatorConfig.parse(new String[] {"--colour=blue"}))
                .hasMessageContaining("colour");
    }

    @Test
    void samplesALogNormalAroundItsMedian() {
        Distribution d = Distribution.parse("lognormal:20000,0.6");
        java.util.Random random = new java.util.Random(1);
        long[] samples = java.util.stream.IntStream.range(0, 5001).mapToLong(i -> d.sample(random)).sorted().toArray();
        assertThat(samples[2500]).isBetween(18_500L, 21_500L);
        assertThat(Distribution.parse("uniform:10-20").sample(random)).isBetween(10L, 20L);
        assertThat(Distribution.parse("fixed:5").sample(random)).isEqualTo(5L);
    }
}
