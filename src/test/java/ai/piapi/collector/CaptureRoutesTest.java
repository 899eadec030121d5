package ai.piapi.collector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output capture through the real routes: a local PiAPI (WireMock) reports tasks completed whose outputs point at
 * a local file host (another WireMock, reached as {@code localhost}, the one allowed host). One collector serves
 * every test; each test has its own task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class CaptureRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG = bytes(3000, 1, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    private static final byte[] MP4 = bytes(20_000, 2, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});

    Path root;
    PiapiStub piapi;
    WireMockServer files;
    CollectorRun collector;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        root = dir;
        piapi = new PiapiStub();
        files = new WireMockServer(options().dynamicPort().containerThreads(20));
        files.start();
        collector = CollectorRun.start(root, piapi.baseUrl(), Map.of(
                "collector.artifacts.enabled", "true",
                "collector.artifacts.allowed-hosts", "localhost",
                "collector.artifacts.max-bytes", "64KiB",
                "collector.artifacts.concurrency", "2",
                "collector.artifacts.read-timeout", "2s",
                "collector.max-transient-errors", "3"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            collector.close();
            CollectorRun.assertNoSecretUnder(root, PiapiStub.WEBHOOK_SECRET);
            assertThat(files.getAllServeEvents()).as("downloads carry no API key")
                    .allSatisfy(e -> assertThat(e.getRequest().containsHeader("X-API-Key")).isFalse());
        } finally {
            files.stop();
            piapi.close();
        }
    }

    /** Deterministic content of {@code size} bytes starting with {@code head}. */
    private static byte[] bytes(int size, long seed, byte[] head) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private String file(String path) {
        return "http://localhost:" + files.port() + path;
    }

    /** PiAPI's answer for a completed task with {@code output}, its webhook secret echoed as PiAPI does. */
    static String completed(String id, String output) {
        return """
                {"code":200,"message":"success","data":{"task_id":"%s","model":"Qubico/flux1-dev","task_type":"txt2img",
                "status":"completed","config":{"webhook_config":{"endpoint":"https://hooks.example/x","secret":"%s"}},
                "input":{"prompt":"a cat"},"output":%s,"meta":{},"error":{"code":0,"raw_message":"","message":"","detail":null}}}
                """.formatted(id, PiapiStub.WEBHOOK_SECRET, output);
    }

    private void submit(String id, String output) throws Exception {
        piapi.script(id, PiapiStub.task(id, "processing"), PiapiStub.json(200, completed(id, output)));
        collector.drop(id + ".txt", id + "\n");
    }

    private JsonNode awaitJson(Path file) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file));
        return JSON.readTree(file.toFile());
    }

    private TaskState state(String id) {
        return collector.ledger().find(id).orElseThrow().state();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private List<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private int requests(String path) {
        return files.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount();
    }

    @Test
    void capturesEveryFileTheOutputNamesWithAManifestAndWritesTheTaskJsonLast() throws Exception {
        files.stubFor(get("/temp/a.png").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(PNG)));
        files.stubFor(get("/temp/b.png").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(PNG)));
        files.stubFor(get("/video/v.mp4").willReturn(aResponse().withHeader("Content-Type", "video/mp4").withBody(MP4)));
        files.stubFor(get("/works/w.mp4?sig=s3cr3t").willReturn(aResponse().withHeader("Content-Type", "video/mp4").withBody(MP4)));
        files.stubFor(get(urlPathMatching("/esc/.*")).willReturn(aResponse().withBody("not where it says")));
        String escape = file("/esc/..%5C..%5C..%5Cescape.txt");
        String output = """
                {"image_url":"%s","image_urls":["%s","%s"],"video":{"url":"%s"},
                 "works":[{"video":{"resource_without_watermark":"%s"}}],"image_base64":"%s","sneaky":"%s","status":"done"}
                """.formatted(file("/temp/a.png"), file("/temp/b.png"), file("/temp/a.png"), file("/video/v.mp4"),
                file("/works/w.mp4?sig=s3cr3t"), Base64.getEncoder().encodeToString(PNG), escape);
        submit("cap-all", output);

        JsonNode task = awaitJson(collector.completed().resolve("cap-all.json"));
        await().until(() -> state("cap-all") == TaskState.COMPLETED);

        Path folder = collector.completed().resolve("cap-all");
        assertThat(listing(folder)).containsExactly("a.png", "b.png", "escape.txt", "image_base64.png", "manifest.json",
                "v.mp4", "w.mp4");
        assertThat(Files.readAllBytes(folder.resolve("a.png"))).isEqualTo(PNG);
        assertThat(Files.readAllBytes(folder.resolve("image_base64.png"))).isEqualTo(PNG);
        assertThat(Files.readAllBytes(folder.resolve("w.mp4"))).isEqualTo(MP4);
        assertThat(Files.readString(folder.resolve("escape.txt"))).isEqualTo("not where it says");
        assertThat(listing(collector.completed())).filteredOn(n -> n.startsWith("cap-all")).containsExactly("cap-all", "cap-all.json");
        assertThat(requests("/temp/a.png")).as("one URL named twice is fetched once").isEqualTo(1);
        assertThat(task.path("output").path("image_urls").size()).isEqualTo(2);
        assertThat(task.path("config").path("webhook_config").path("secret").asText()).isEqualTo("***");

        JsonNode manifest = JSON.readTree(folder.resolve("manifest.json").toFile());
        assertThat(manifest.path("task_id").asText()).isEqualTo("cap-all");
        assertThat(manifest.path("captured_at").asText()).isNotEmpty();
        List<String> lines = new ArrayList<>();
        for (JsonNode f : manifest.path("files")) {
            lines.add(f.path("json_path").asText() + " -> " + f.path("file").asText() + " " + f.path("bytes").asLong() + " "
                    + f.path("content_type").asText(""));
        }
        assertThat(lines).containsExactly(
                "output.image_url -> a.png 3000 image/png",
                "output.image_urls[0] -> b.png 3000 image/png",
                "output.image_urls[1] -> a.png 3000 image/png",
                "output.video.url -> v.mp4 20000 video/mp4",
                "output.works[0].video.resource_without_watermark -> w.mp4 20000 video/mp4",
                "output.image_base64 -> image_base64.png 3000 image/png",
                "output.sneaky -> escape.txt 17 ");
        JsonNode first = manifest.path("files").get(0);
        assertThat(first.path("source_url").asText()).isEqualTo(file("/temp/a.png"));
        assertThat(first.path("sha256").asText()).isEqualTo(sha256(PNG));
        assertThat(manifest.path("files").get(4).path("source_url").asText()).isEqualTo(file("/works/w.mp4?sig=s3cr3t"));
        assertThat(manifest.path("files").get(4).path("sha256").asText()).isEqualTo(sha256(MP4));
        assertThat(manifest.path("files").get(5).has("source_url")).isFalse();
        assertThat(Files.getLastModifiedTime(collector.completed().resolve("cap-all.json")))
                .isGreaterThanOrEqualTo(Files.getLastModifiedTime(folder.resolve("manifest.json")));
    }

    @Test
    void percentEncodesASpaceAndABarePercentSignAndCapturesTheFiles() throws Exception {
        files.stubFor(get(urlEqualTo("/odd/my%20image.png")).willReturn(aResponse().withBody(PNG)));
        files.stubFor(get(urlEqualTo("/odd/100%25.png")).willReturn(aResponse().withBody(PNG)));
        submit("cap-odd", "{\"a\":\"" + file("/odd/my image.png") + "\",\"b\":\"" + file("/odd/100%.png") + "\"}");

        awaitJson(collector.completed().resolve("cap-odd.json"));

        assertThat(listing(collector.completed().resolve("cap-odd"))).containsExactly("100_.png", "manifest.json", "my_image.png");
        assertThat(Files.readAllBytes(collector.completed().resolve("cap-odd").resolve("my_image.png"))).isEqualTo(PNG);
    }

    @Test
    void deadLettersAnOutputUrlWhoseHostCannotBeReadInsteadOfSkippingIt() throws Exception {
        for (String host : List.of("bad_host.example", "127.1")) {
            String id = "cap-host-" + host.replace('.', '-').replace('_', '-');
            submit(id, "{\"note\":\"plain text\",\"image_url\":\"http://" + host + "/a.png?sig=x\"}");

            JsonNode dead = awaitJson(collector.deadLetter().resolve(id + ".json"));

            assertThat(dead.path("reason").asText()).isEqualTo("capture_failed");
            assertThat(dead.path("detail").asText()).contains("output.image_url", "http://" + host, "(not retried)")
                    .doesNotContain("sig=x");
            assertThat(collector.completed().resolve(id + ".json")).doesNotExist();
        }
    }

    @Test
    void retriesAMissingFileThenDeadLettersTheTaskCaptureFailed() throws Exception {
        files.stubFor(get("/temp/missing.png").willReturn(aResponse().withStatus(404).withBody("404 page not found")));
        submit("cap-404", "{\"image_url\":\"" + file("/temp/missing.png") + "\"}");

        JsonNode dead = awaitJson(collector.deadLetter().resolve("cap-404.json"));
        await().until(() -> state("cap-404") == TaskState.DEAD);

        assertThat(dead.path("reason").asText()).isEqualTo("capture_failed");
        assertThat(dead.path("attempts").asInt()).as("polls: processing, then completed three times").isEqualTo(4);
        assertThat(dead.path("http_status").asInt()).isEqualTo(404);
        assertThat(dead.path("detail").asText()).isEqualTo("3 capture attempts failed, the last: output capture failed: "
                + "output.image_url: HTTP 404 from http://localhost:" + files.port());
        assertThat(dead.path("task").path("status").asText()).isEqualTo("completed");
        assertThat(dead.path("task").path("output").path("image_url").asText()).isEqualTo(file("/temp/missing.png"));
        assertThat(requests("/temp/missing.png")).isEqualTo(3);
        assertThat(piapi.polls("cap-404")).isEqualTo(4);
        assertThat(collector.completed().resolve("cap-404.json")).doesNotExist();
        assertThat(listing(collector.completed().resolve("cap-404"))).isEmpty();
    }

    @Test
    void retriesAFileThatTimedOutAndCapturesItTheNextTime() throws Exception {
        files.stubFor(get("/temp/slow.png").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFixedDelay(6000).withBody(PNG)).willSetStateTo("fast"));
        files.stubFor(get("/temp/slow.png").inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(aResponse().withBody(PNG)));
        submit("cap-slow", "{\"image_url\":\"" + file("/temp/slow.png") + "\"}");

        awaitJson(collector.completed().resolve("cap-slow.json"));
        await().until(() -> state("cap-slow") == TaskState.COMPLETED);

        assertThat(requests("/temp/slow.png")).isEqualTo(2);
        assertThat(Files.readAllBytes(collector.completed().resolve("cap-slow/slow.png"))).isEqualTo(PNG);
        assertThat(collector.deadLetter().resolve("cap-slow.json")).doesNotExist();
    }

    @Test
    void deadLettersAFileOverTheSizeCapWithoutRetrying() throws Exception {
        files.stubFor(get("/video/huge.mp4").willReturn(aResponse().withBody(new byte[100 * 1024])));
        submit("cap-big", "{\"video_url\":\"" + file("/video/huge.mp4") + "\"}");

        JsonNode dead = awaitJson(collector.deadLetter().resolve("cap-big.json"));

        assertThat(dead.path("reason").asText()).isEqualTo("capture_failed");
        assertThat(dead.path("attempts").asInt()).as("polls: processing, completed").isEqualTo(2);
        assertThat(dead.path("detail").asText()).contains("output.video_url: collector.artifacts.max-bytes is 64.0 KiB")
                .endsWith("(not retried)");
        assertThat(requests("/video/huge.mp4")).isEqualTo(1);
        assertThat(listing(collector.completed().resolve("cap-big"))).isEmpty();
    }

    @Test
    void refusesARedirectTo127001WhenOnlyLocalhostIsAllowed() throws Exception {
        files.stubFor(get("/temp/moved.png").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + files.port() + "/internal/secret.png")));
        files.stubFor(get("/internal/secret.png").willReturn(aResponse().withBody(PNG)));
        submit("cap-redirect", "{\"image_url\":\"" + file("/temp/moved.png") + "\"}");

        JsonNode dead = awaitJson(collector.deadLetter().resolve("cap-redirect.json"));

        assertThat(dead.path("reason").asText()).isEqualTo("capture_failed");
        assertThat(dead.path("detail").asText()).contains("refused a redirect to http://127.0.0.1:" + files.port())
                .contains("not in collector.artifacts.allowed-hosts");
        assertThat(requests("/internal/secret.png")).isZero();
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfDownloadsInFlight() throws Exception {
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            files.stubFor(get("/many/" + i + ".png").willReturn(aResponse().withFixedDelay(700).withBody(PNG)));
            urls.append(i == 0 ? "" : ",").append('"').append(file("/many/" + i + ".png")).append('"');
        }
        submit("cap-many", "{\"image_urls\":[" + urls + "]}");

        awaitJson(collector.completed().resolve("cap-many.json"));

        List<long[]> spans = new ArrayList<>();
        for (ServeEvent e : files.getAllServeEvents()) {
            if (e.getRequest().getUrl().startsWith("/many/")) {
                long startedAt = e.getRequest().getLoggedDate().getTime();
                spans.add(new long[] {startedAt, startedAt + e.getTiming().getTotalTime()});
            }
        }
        assertThat(spans).hasSize(6);
        int most = 0;
        for (long[] s : spans) {
            most = Math.max(most, (int) spans.stream().filter(o -> o[0] <= s[0] && s[0] < o[1]).count());
        }
        assertThat(most).as("downloads in flight at once").isEqualTo(2);
    }

    @Test
    void storesOnlyTheTaskJsonWhenCaptureIsTurnedOff(@TempDir Path elsewhere) throws Exception {
        files.stubFor(get("/temp/off.png").willReturn(aResponse().withBody(PNG)));
        piapi.script("cap-off", PiapiStub.json(200, completed("cap-off", "{\"image_url\":\"" + file("/temp/off.png") + "\"}")));

        try (CollectorRun off = CollectorRun.start(elsewhere, piapi.baseUrl(), Map.of("collector.artifacts.enabled", "false"))) {
            off.drop("off.txt", "cap-off\n");
            awaitJson(off.completed().resolve("cap-off.json"));
            await().until(() -> off.ledger().find("cap-off").orElseThrow().state() == TaskState.COMPLETED);

            assertThat(listing(off.completed())).containsExactly("cap-off.json");
            assertThat(requests("/temp/off.png")).isZero();
        }
    }
}
