package ai.piapi.collector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.ArtemisBroker;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.EventSchema;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PiapiStub;
import ai.piapi.collector.support.S3Server;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collector.storage.type=s3} against S3Proxy, an S3-compatible server this test starts in-process (in-memory
 * blob store, AWS v4 signatures checked); the collector finds its credentials where the AWS SDK looks for them.
 */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class S3StorageTest {
    private static final String ACCESS_KEY = "AKIATESTCOLLECTOR01";
    private static final String SECRET_KEY = "s3-secret-7d1f0c9b-NEVER-LOG-ME";
    private static final byte[] PNG = "\u0089PNG image bytes for s3".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    S3Server s3;
    PiapiStub piapi;
    WireMockServer files;

    @BeforeEach
    void start() throws Exception {
        s3 = S3Server.start("results", ACCESS_KEY, SECRET_KEY);
        // the AWS SDK's default chain reads these first (as it would AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        piapi = new PiapiStub();
        files = new WireMockServer(options().dynamicPort());
        files.start();
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        files.stop();
        piapi.close();
        s3.close();
    }

    private BlobStore bucket() {
        return s3.blobs();
    }

    private List<String> keys() {
        return s3.keys();
    }

    private byte[] object(String key) throws Exception {
        return s3.object(key);
    }

    @Test
    void storesTheFilesTheManifestAndTheTaskJsonAsKeysUnderThePrefix() throws Exception {
        files.stubFor(get("/temp/a.png").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(PNG)));
        files.stubFor(get("/temp/gone.png").willReturn(aResponse().withStatus(404)));
        String fileHost = "http://localhost:" + files.port();
        piapi.script("s3-ok", PiapiStub.json(200, CaptureRoutesTest.completed("s3-ok", "{\"image_url\":\"" + fileHost
                + "/temp/a.png\",\"image_base64\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"}")));
        piapi.script("s3-404", PiapiStub.json(200, CaptureRoutesTest.completed("s3-404", "{\"image_url\":\"" + fileHost
                + "/temp/gone.png\"}")));
        int mark = LogCapture.mark();

        try (CollectorRun collector = CollectorRun.start(root, piapi.baseUrl(), Map.of(
                "collector.artifacts.enabled", "true",
                "collector.artifacts.allowed-hosts", "localhost",
                "collector.max-transient-errors", "2",
                "collector.storage.type", "s3",
                "collector.storage.s3.bucket", "results",
                "collector.storage.s3.prefix", "runs/",
                "collector.storage.s3.region", "us-east-1",
                "collector.storage.s3.endpoint", s3.endpoint()))) {
            collector.drop("s3.txt", "s3-ok\ns3-404\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(collector, "s3-ok") && settled(collector, "s3-404"));

            TaskRecord ok = collector.ledger().find("s3-ok").orElseThrow();
            assertThat(ok.state()).isEqualTo(TaskState.COMPLETED);
            assertThat(ok.location()).isEqualTo("s3://results/runs/s3-ok.json");
            assertThat(collector.ledger().find("s3-404").orElseThrow().state()).isEqualTo(TaskState.DEAD);
            assertThat(keys()).containsExactly("runs/s3-ok.json", "runs/s3-ok/a.png", "runs/s3-ok/image_base64.png",
                    "runs/s3-ok/manifest.json");
            assertThat(object("runs/s3-ok/a.png")).isEqualTo(PNG);
            assertThat(bucket().blobMetadata("results", "runs/s3-ok/a.png").getContentMetadata().getContentType())
                    .isEqualTo("image/png");
            JsonNode task = JSON.readTree(object("runs/s3-ok.json"));
            assertThat(task.path("config").path("webhook_config").path("secret").asText()).isEqualTo("***");
            JsonNode manifest = JSON.readTree(object("runs/s3-ok/manifest.json"));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PNG));
            assertThat(manifest.path("files")).extracting(f -> f.path("file").asText() + " " + f.path("sha256").asText())
                    .containsExactly("a.png " + sha, "image_base64.png " + sha);
            assertThat(collector.completed().resolve("s3-ok.json")).as("not in the local folder").doesNotExist();
            assertThat(collector.completed().resolve("s3-ok")).doesNotExist();
            assertThat(JSON.readTree(collector.deadLetter().resolve("s3-404.json").toFile()).path("reason").asText())
                    .isEqualTo("capture_failed");
            try (var staged = Files.walk(root.resolve("state/staging"))) {
                assertThat(staged.filter(Files::isRegularFile)).as("nothing left in staging").isEmpty();
            }
        }
        CollectorRun.assertNoSecretUnder(root, SECRET_KEY, PiapiStub.WEBHOOK_SECRET);
        assertThat(LogCapture.since(mark)).noneMatch(line -> line.contains(SECRET_KEY));
    }

    @Test
    void theEventsOfATaskStoredInTheBucketNameEveryObjectByItsS3Uri() throws Exception {
        files.stubFor(get("/temp/b.png").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(PNG)));
        String fileHost = "http://localhost:" + files.port();
        piapi.script("s3-ev", PiapiStub.json(200, CaptureRoutesTest.completed("s3-ev", "{\"image_urls\":[\"" + fileHost
                + "/temp/b.png\",\"" + fileHost + "/temp/b.png\"],\"image_base64\":\"" + Base64.getEncoder().encodeToString(PNG)
                + "\"}")));
        try (ArtemisBroker broker = ArtemisBroker.start();
             CollectorRun collector = CollectorRun.start(root, piapi.baseUrl(), Map.ofEntries(
                     Map.entry("collector.artifacts.enabled", "true"),
                     Map.entry("collector.artifacts.allowed-hosts", "localhost"),
                     Map.entry("collector.storage.type", "s3"),
                     Map.entry("collector.storage.s3.bucket", "results"),
                     Map.entry("collector.storage.s3.prefix", "runs/"),
                     Map.entry("collector.storage.s3.region", "us-east-1"),
                     Map.entry("collector.storage.s3.endpoint", s3.endpoint()),
                     Map.entry("collector.jms.broker-url", broker.url()),
                     Map.entry("collector.completed.uri", "jms:queue:s3.completed"),
                     Map.entry("collector.events.publish-interval", "100")))) {
            collector.drop("s3-ev.txt", "s3-ev\n");

            List<String> events = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                events.addAll(broker.drain("s3.completed", 200));
                return !events.isEmpty();
            });
            JsonNode event = EventSchema.check(events.get(0));
            assertThat(event.path("subject").asText()).isEqualTo("s3-ev");
            JsonNode data = event.path("data");
            assertThat(data.path("location").asText()).isEqualTo("s3://results/runs/s3-ev.json");
            assertThat(data.path("manifest").asText()).isEqualTo("s3://results/runs/s3-ev/manifest.json");
            assertThat(data.path("files")).extracting(f -> f.path("json_path").asText() + " " + f.path("location").asText())
                    .containsExactly("output.image_urls[0] s3://results/runs/s3-ev/b.png",
                            "output.image_urls[1] s3://results/runs/s3-ev/b.png",
                            "output.image_base64 s3://results/runs/s3-ev/image_base64.png");
            for (JsonNode file : data.path("files")) { // every location names an object that is there, with the content it says
                String key = file.path("location").asText().substring("s3://results/".length());
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object(key))))
                        .isEqualTo(file.path("sha256").asText());
            }
        }
    }

    private static boolean settled(CollectorRun collector, String id) {
        return collector.ledger().find(id).map(r -> r.state() != TaskState.OPEN).orElse(false);
    }
}
