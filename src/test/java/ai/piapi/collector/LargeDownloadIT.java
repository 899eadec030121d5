package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB output file captured by the packaged collector running with a 128 MB heap: the file streams to disk
 * (it could not fit in memory), and the manifest's SHA-256 is the served content's. The file host is a JDK HTTP
 * server that generates the bytes as it sends them, so neither side ever holds the file.
 */
class LargeDownloadIT {
    private static final long SIZE = 200L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path work;

    /** The same 200 MB every time, produced chunk by chunk. */
    private static void generate(long size, ChunkSink sink) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] chunk = new byte[CHUNK];
        for (long sent = 0; sent < size; sent += CHUNK) {
            for (int i = 0; i < CHUNK; i += 8) {
                long v = random.nextLong();
                for (int b = 0; b < 8; b++) {
                    chunk[i + b] = (byte) (v >>> (8 * b));
                }
            }
            sink.accept(chunk, (int) Math.min(CHUNK, size - sent));
        }
    }

    private interface ChunkSink {
        void accept(byte[] chunk, int length) throws IOException;
    }

    private static String sha256Of(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void capturesA200MbFileWithA128MbHeap() throws Exception {
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        generate(SIZE, (chunk, length) -> expected.update(chunk, 0, length));
        String expectedSha = HexFormat.of().formatHex(expected.digest());

        HttpServer fileHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fileHost.createContext("/big/video.mp4", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, SIZE);
            try (OutputStream out = exchange.getResponseBody()) {
                generate(SIZE, (chunk, length) -> out.write(chunk, 0, length));
            }
        });
        fileHost.start();
        String url = "http://127.0.0.1:" + fileHost.getAddress().getPort() + "/big/video.mp4";
        try (PiapiStub piapi = new PiapiStub()) {
            piapi.script("big-1", PiapiStub.json(200, CaptureRoutesTest.completed("big-1", "{\"video_url\":\"" + url + "\"}")));
            Files.createDirectories(work.resolve("data/inbox"));
            Files.writeString(work.resolve("data/inbox/big.txt"), "big-1\n");
            Properties settings = new Properties();
            settings.setProperty("piapi.base-url", piapi.baseUrl());
            settings.setProperty("piapi.api-key", CollectorRun.API_KEY);
            settings.setProperty("collector.exit-when-done", "true");
            settings.setProperty("collector.artifacts.enabled", "true");
            settings.setProperty("collector.artifacts.allowed-hosts", "127.0.0.1");

            long started = System.nanoTime();
            CollectorProcess collector = CollectorProcess.start(work, settings, work.resolve("collector.log"),
                    "-Xmx128m", "-XX:+ExitOnOutOfMemoryError");
            int exit = collector.awaitExit(300);
            long seconds = (System.nanoTime() - started) / 1_000_000_000;

            assertThat(exit).as("exit code; stderr: %s", collector.stderr()).isZero();
            assertThat(collector.stdout() + collector.stderr()).doesNotContain("OutOfMemoryError");
            Path video = work.resolve("data/completed/big-1/video.mp4");
            assertThat(Files.size(video)).isEqualTo(SIZE);
            JsonNode manifest = new ObjectMapper().readTree(work.resolve("data/completed/big-1/manifest.json").toFile());
            assertThat(manifest.path("files").get(0).path("bytes").asLong()).isEqualTo(SIZE);
            assertThat(manifest.path("files").get(0).path("sha256").asText()).isEqualTo(expectedSha);
            assertThat(sha256Of(video)).isEqualTo(expectedSha);
            assertThat(work.resolve("data/completed/big-1.json")).exists();
            System.out.printf("LargeDownloadIT: 200 MiB captured under -Xmx128m, whole run %d s%n", seconds);
            Files.delete(video);
        } finally {
            fileHost.stop(0);
        }
    }
}
