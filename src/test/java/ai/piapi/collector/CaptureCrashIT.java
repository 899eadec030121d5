package ai.piapi.collector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the packaged collector in the middle of a capture (one file done, one still arriving): no
 * {@code <task_id>.json} and no half file under a final name; after a restart the task is captured fully and
 * settled exactly once.
 */
class CaptureCrashIT {
    private static final byte[] PNG = content(5_000, 1);
    private static final byte[] MP4 = content(400_000, 2);

    @TempDir
    Path work;

    private static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private List<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private long partBytes(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".video.mp4.")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void aCaptureCutByKillMinus9IsRedoneWholeAndSettledOnce() throws Exception {
        WireMockServer files = new WireMockServer(options().dynamicPort());
        files.start();
        try (PiapiStub piapi = new PiapiStub()) {
            files.stubFor(get("/temp/cover.png").willReturn(aResponse().withBody(PNG)));
            files.stubFor(get("/temp/video.mp4").willReturn(aResponse().withBody(MP4).withChunkedDribbleDelay(200, 120_000)));
            String host = "http://localhost:" + files.port();
            piapi.script("crash-cap", PiapiStub.json(200, CaptureRoutesTest.completed("crash-cap",
                    "{\"image_url\":\"" + host + "/temp/cover.png\",\"video_url\":\"" + host + "/temp/video.mp4\"}")));
            Files.createDirectories(work.resolve("data/inbox"));
            Files.writeString(work.resolve("data/inbox/one.txt"), "crash-cap\n");
            Properties settings = new Properties();
            settings.setProperty("piapi.base-url", piapi.baseUrl());
            settings.setProperty("piapi.api-key", CollectorRun.API_KEY);
            settings.setProperty("piapi.read-timeout", "5s");
            settings.setProperty("piapi.connect-timeout", "1s"); // a lease must outlast a whole poll (connect + read)
            settings.setProperty("collector.ledger.lease", "10s");
            settings.setProperty("collector.artifacts.enabled", "true");
            settings.setProperty("collector.artifacts.allowed-hosts", "localhost");

            CollectorProcess first = CollectorProcess.start(work, settings, work.resolve("first.log"));
            Path folder = work.resolve("data/completed/crash-cap");
            await().atMost(Duration.ofSeconds(90)).until(() -> partBytes(folder) > 0);
            first.killHard();

            assertThat(work.resolve("data/completed/crash-cap.json")).doesNotExist();
            assertThat(listing(folder)).noneMatch(n -> n.equals("video.mp4") || n.equals("manifest.json"));
            assertThat(partBytes(folder)).as("cut short").isLessThan(MP4.length);

            files.resetMappings(); // the file host recovers: the video now arrives at once
            files.stubFor(get("/temp/cover.png").willReturn(aResponse().withBody(PNG)));
            files.stubFor(get("/temp/video.mp4").willReturn(aResponse().withBody(MP4)));
            settings.setProperty("collector.exit-when-done", "true");
            CollectorProcess second = CollectorProcess.start(work, settings, work.resolve("second.log"));
            assertThat(second.awaitExit(120)).as("exit code; stderr: %s", second.stderr()).isZero();

            assertThat(work.resolve("data/completed/crash-cap.json")).exists();
            assertThat(listing(folder)).containsExactly("cover.png", "manifest.json", "video.mp4");
            assertThat(Files.readAllBytes(folder.resolve("video.mp4"))).isEqualTo(MP4);
            assertThat(Files.readAllBytes(folder.resolve("cover.png"))).isEqualTo(PNG);
            JsonNode manifest = new ObjectMapper().readTree(folder.resolve("manifest.json").toFile());
            assertThat(manifest.path("files")).extracting(f -> f.path("file").asText() + " " + f.path("sha256").asText())
                    .containsExactly("cover.png " + sha256(PNG), "video.mp4 " + sha256(MP4));
            assertThat(files.countRequestsMatching(getRequestedFor(urlEqualTo("/temp/video.mp4")).build()).getCount())
                    .as("once cut, once whole").isEqualTo(2);
            assertThat(listing(work.resolve("data/dead-letter"))).isEmpty();
            try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(work.resolve("data/state")), null, null, 2)) {
                assertThat(new JdbcLedger(ds).find("crash-cap").orElseThrow().state()).isEqualTo(TaskState.COMPLETED);
                try (var c = ds.getConnection(); var rs = c.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM task_event WHERE task_id = 'crash-cap' AND kind = 'completed'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("settled once").isEqualTo(1);
                }
            }
            CollectorRun.assertNoSecretUnder(work, PiapiStub.WEBHOOK_SECRET);
        } finally {
            files.stop();
        }
    }
}
