package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import ai.piapi.collector.support.Readiness;
import ai.piapi.collector.support.SmallDisk;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completed and dead-letter folders on a 2 MB filesystem that fills up (outputs of 800 KB), then grows: the
 * packaged collector must store every task once there is room, dead-letter none of them for it, say DOWN with
 * {@code collector-storage} while the disk is full and UP after, and leave no partial file behind.
 */
class StorageOutageIT {
    private static final int TASKS = 12;
    private static final int FILE_BYTES = 800 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();

    @Test
    void aFullDiskPausesStorageAndEveryTaskIsStoredOnceThereIsRoom() throws Exception {
        HttpServer files = fileHost();
        List<String> ids = IntStream.range(0, TASKS).mapToObj(i -> String.format("disk-%02d", i)).toList();
        try (PiapiStub piapi = new PiapiStub(); SmallDisk disk = SmallDisk.mount(work.resolve("disk"), "2m")) {
            String host = "http://127.0.0.1:" + files.getAddress().getPort();
            for (String id : ids) {
                piapi.script(id, PiapiStub.json(200, CaptureRoutesTest.completed(id,
                        "{\"image_url\":\"" + host + "/files/" + id + ".png\"}")));
            }
            for (String id : List.of("disk-failed-1", "disk-failed-2")) { // dead letters due while the disk is full
                piapi.script(id, PiapiStub.task(id, "processing"), PiapiStub.task(id, "processing"),
                        PiapiStub.failedTask(id, "upstream said no"));
            }
            Path inbox = Files.createDirectories(work.resolve("data/inbox"));
            Files.writeString(inbox.resolve("tasks.txt"), String.join("\n", ids) + "\ndisk-failed-1\ndisk-failed-2\n");
            Path completed = Files.createDirectories(disk.dir().resolve("completed"));
            Path deadLetter = Files.createDirectories(disk.dir().resolve("dead-letter"));
            Properties settings = new Properties();
            settings.setProperty("piapi.base-url", piapi.baseUrl());
            settings.setProperty("piapi.api-key", CollectorRun.API_KEY);
            settings.setProperty("collector.completed-dir", completed.toString());
            settings.setProperty("collector.dead-letter-dir", deadLetter.toString());
            settings.setProperty("collector.artifacts.enabled", "true");
            settings.setProperty("collector.artifacts.allowed-hosts", "127.0.0.1");
            settings.setProperty("collector.max-transient-errors", "2"); // a storage failure counted would show at once
            settings.setProperty("collector.poll.initial-delay", "500ms");
            settings.setProperty("collector.poll.max-delay", "2s"); // also the longest pause between storage retries
            settings.setProperty("collector.poll.concurrency", "4");
            Path log = work.resolve("collector.log");

            try (CollectorProcess collector = CollectorProcess.start(work, settings, log)) {
                URI base = collector.httpBase(60);
                await().atMost(Duration.ofSeconds(60)).until(() -> Readiness.of(base).contains("collector-storage"));
                assertThat(Readiness.of(base)).contains("completed tasks").contains("No space left on device");
                await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20))
                        .until(() -> Readiness.of(base).contains("collector-storage") && stored(completed) < TASKS);
                assertThat(stored(completed)).as("some fit before the disk was full").isPositive();
                try (Stream<Path> dead = Files.list(deadLetter)) {
                    assertThat(dead.map(p -> p.getFileName().toString())).noneMatch(n -> n.matches("disk-\\d+\\.json"));
                }

                disk.grow("64m");
                await().atMost(Duration.ofSeconds(60)).until(() -> stored(completed) == TASKS
                        && Files.exists(deadLetter.resolve("disk-failed-1.json"))
                        && Files.exists(deadLetter.resolve("disk-failed-2.json")));
                await().atMost(Duration.ofSeconds(30)).until(() -> Readiness.of(base).equals("UP"));
            }

            for (String id : ids) {
                Path file = completed.resolve(id).resolve(id + ".png");
                assertThat(Files.readAllBytes(file)).as(id).isEqualTo(content(id + ".png"));
                JsonNode manifest = JSON.readTree(completed.resolve(id).resolve("manifest.json").toFile());
                assertThat(manifest.path("files").get(0).path("bytes").asLong()).isEqualTo(FILE_BYTES);
            }
            try (Stream<Path> dead = Files.list(deadLetter)) {
                assertThat(dead.map(p -> p.getFileName().toString()).sorted())
                        .containsExactly("disk-failed-1.json", "disk-failed-2.json");
            }
            assertThat(JSON.readTree(deadLetter.resolve("disk-failed-1.json").toFile()).path("reason").asText())
                    .isEqualTo("task_failed");
            try (Stream<Path> all = Files.walk(disk.dir())) {
                assertThat(all.map(p -> p.getFileName().toString()))
                        .as("no partial or temporary file anywhere").noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".part"));
            }
            try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(work.resolve("data/state")), null, null, 2)) {
                assertThat(query(ds, "SELECT COUNT(*) FROM task WHERE state = 'completed' AND transient_errors = 0"))
                        .as("completed, none blamed for the full disk").isEqualTo(TASKS);
                assertThat(query(ds, "SELECT COUNT(*) FROM (SELECT task_id FROM task_event WHERE kind IN"
                        + " ('completed', 'dead_lettered') GROUP BY task_id HAVING COUNT(*) <> 1) twice")).isZero();
            }
            assertThat(downloads.values()).as("downloads per file: a full disk is retried with backoff, not in a loop")
                    .allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(12));
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).filteredOn(l -> l.contains("the result storage") && l.contains("is unavailable"))
                    .as("the full disk is logged once").hasSizeBetween(1, 2);
            assertThat(lines).filteredOn(l -> l.contains("the result storage") && l.contains("is available again"))
                    .hasSizeBetween(1, 2);
            assertThat(lines).filteredOn(l -> l.startsWith("\tat ")).as("stack traces").isEmpty();
            assertThat(lines).noneMatch(l -> l.contains("capture_failed"));
        } finally {
            files.stop(0);
        }
    }

    /** Serves {@code /files/<name>}: 800 KB of bytes drawn from the name, counting each download. */
    private HttpServer fileHost() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/files/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/files/".length());
            downloads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            byte[] body = content(name);
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static byte[] content(String name) {
        byte[] bytes = new byte[FILE_BYTES];
        new Random(name.hashCode()).nextBytes(bytes);
        return bytes;
    }

    /** Tasks whose {@code <task_id>.json} is in place. */
    private static long stored(Path completed) throws IOException {
        try (Stream<Path> files = Files.list(completed)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("disk-\\d+\\.json")).count();
        }
    }

    private static long query(HikariDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
