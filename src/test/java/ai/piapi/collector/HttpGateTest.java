package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.http.ServerAnnouncer;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PiapiStub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP face as a hostile client meets it, over plain sockets (a browser's requests, written out): cross-site
 * requests, a foreign Host, secrets in the query string, a form at the webhook, half-sent requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpGateTest {
    private static final String ID = "0f7c2a3e-1b1d-4c5e-9a8b-00000000aa01";
    private static final String SECRET = "whsec-gate-test-0c1d2e";

    Path root;
    PiapiStub piapi;
    CollectorRun collector;
    int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        root = dir;
        piapi = new PiapiStub();
        collector = CollectorRun.start(root, piapi.baseUrl(), Map.of("collector.webhook.secret", SECRET,
                "collector.poll.initial-delay", "30s", "collector.http.read-timeout", "1s",
                "collector.http.allowed-hosts", "collector.example.com",
                "camel.main.stream-caching-spool-threshold", "65536"));
        port = ServerAnnouncer.port(collector.context());
    }

    @AfterAll
    void stop() throws Exception {
        collector.close();
        piapi.close();
    }

    /** Sends {@code request} as written and returns the status line's code (or -1 when the server closed first). */
    private int send(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
        }
    }

    private static String post(String path, String host, String extraHeaders, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "Content-Type: " + contentType
                + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body;
    }

    private boolean admitted(String id) {
        return collector.ledger().find(id).isPresent();
    }

    @Test
    void refusesACrossSiteSimpleRequestAndAdmitsNothing() throws Exception {
        int status = send(post("/tasks", "127.0.0.1:" + port, "Origin: http://evil.example\r\n", "text/plain", ID + "\n"));

        assertThat(status).isEqualTo(403);
        assertThat(admitted(ID)).isFalse();
    }

    @Test
    void takesARequestFromItsOwnOriginOrWithoutOne() throws Exception {
        String id = "0f7c2a3e-1b1d-4c5e-9a8b-00000000aa02";
        String other = "0f7c2a3e-1b1d-4c5e-9a8b-00000000aa03";

        assertThat(send(post("/tasks", "localhost:" + port, "Origin: http://localhost:" + port + "\r\n", "text/plain", id))).isEqualTo(202);
        assertThat(send(post("/tasks", "collector.example.com", "", "text/plain", other))).isEqualTo(202);
        assertThat(admitted(id)).isTrue();
        assertThat(admitted(other)).isTrue();
    }

    @Test
    void refusesAForeignHostAsADnsRebindingPageWouldSendIt() throws Exception {
        int status = send("GET /tasks HTTP/1.1\r\nHost: attacker.example:" + port + "\r\nConnection: close\r\n\r\n");
        int health = send("GET /observe/health HTTP/1.1\r\nHost: 10.0.0.5:" + port + "\r\nConnection: close\r\n\r\n");

        assertThat(status).isEqualTo(421);
        assertThat(health).as("probes may name any address").isEqualTo(200);
    }

    @Test
    void refusesSecretsInTheQueryString() throws Exception {
        String body = "{\"timestamp\":1,\"data\":{\"task_id\":\"" + ID + "\",\"status\":\"completed\"}}";

        int webhook = send(post("/webhooks/piapi?x-webhook-secret=" + SECRET, "127.0.0.1", "", "application/json", body));
        int list = send("GET /tasks?Authorization=Bearer%20abc HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(webhook).isEqualTo(400);
        assertThat(list).isEqualTo(400);
        assertThat(admitted(ID)).isFalse();
    }

    @Test
    void refusesAFormAtTheWebhookWithoutLoggingIt() throws Exception {
        int mark = LogCapture.mark();
        String forged = "x=1\n2026-12-01 INFO task 0f7c completed FORGED-LINE";

        int status = send(post("/webhooks/piapi", "127.0.0.1", "x-webhook-secret: " + SECRET + "\r\n",
                "application/x-www-form-urlencoded", forged));

        assertThat(status).isEqualTo(415);
        assertThat(LogCapture.since(mark)).noneMatch(line -> line.contains("FORGED-LINE"));
    }

    @Test
    void takesALargeBodyThroughADiskCacheAndLeavesNoFileBehind() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            body.append("bad line ").append(i).append('\n');
        }

        int status = send(post("/tasks", "127.0.0.1", "", "text/plain", body.toString()));

        assertThat(body.length()).isGreaterThan(300_000);
        assertThat(status).isEqualTo(202);
        Path spool = root.resolve("state").resolve("spool");
        assertThat(spool).as("the body went through the disk cache").exists();
        await().atMost(Duration.ofSeconds(10)).until(() -> listing(spool).isEmpty());
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void closesAConnectionWhoseRequestStopsHalfWay() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write(("POST /webhooks/piapi HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                        + "\r\nContent-Length: 100000\r\n\r\n{\"data\":").getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            }
            for (Socket s : sockets) {
                s.setSoTimeout(15_000);
                assertThat(readsToEnd(s.getInputStream())).as("closed by the server after collector.http.read-timeout").isTrue();
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertThat(send("GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).isEqualTo(200);
    }

    private static boolean readsToEnd(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // whatever the server says before it closes
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }
}
