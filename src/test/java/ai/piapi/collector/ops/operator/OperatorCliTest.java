package ai.piapi.collector.ops.operator;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.http.ServerAnnouncer;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.PiapiStub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's status and replay subcommands against a running collector, configured by its environment variables. */
class OperatorCliTest {
    private static final String TOKEN = "tok-cli-77a0-DO-NOT-LEAK";

    @TempDir
    Path root;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return new OperatorCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void showsTheStatusAndReplaysByReasonWithTheTokenFromTheEnvironment() throws Exception {
        try (PiapiStub piapi = new PiapiStub()) {
            piapi.script("cli-1", failedTask("cli-1", "nope"));
            try (CollectorRun collector = CollectorRun.start(root, piapi.baseUrl(), Map.of("collector.http.token", TOKEN))) {
                new HttpFace(collector).post("/tasks", "cli-1\ncli-2\n", "Authorization", "Bearer " + TOKEN);
                await().atMost(Duration.ofSeconds(30)).until(() -> collector.ledger().countByState().get(TaskState.DEAD) == 2);
                String port = String.valueOf(ServerAnnouncer.port(collector.context()));
                Map<String, String> env = Map.of("COLLECTOR_HTTP_PORT", port, "COLLECTOR_HTTP_TOKEN", TOKEN);

                assertThat(cli(env, "status")).isZero();
                assertThat(out.toString()).contains("tasks: 0 open, 0 completed, 2 dead-lettered", "dead task_failed",
                        "dead not_found", "check collector-ledger: up");

                assertThat(cli(env, "replay", "--reason", "task_failed")).isZero();
                assertThat(out.toString()).startsWith("replayed 1 dead-lettered task(s)");
                assertThat(collector.ledger().find("cli-1").orElseThrow().reopened()).isEqualTo(1);
                assertThat(collector.ledger().find("cli-2").orElseThrow().reopened()).isZero();

                assertThat(cli(Map.of("COLLECTOR_HTTP_PORT", port), "status")).isEqualTo(1);
                assertThat(err.toString()).contains("refused the token: set COLLECTOR_HTTP_TOKEN").doesNotContain(TOKEN);
                assertThat(cli(env, "replay")).isEqualTo(1);
                assertThat(err.toString()).contains("HTTP 400: say which dead letters to replay");
                assertThat(cli(env, "replay", "--why", "x")).isEqualTo(1);
                assertThat(err.toString()).contains("unknown option --why");
            }
        }
    }

    @Test
    void saysClearlyWhenNoCollectorIsRunning() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertThat(cli(Map.of("COLLECTOR_HTTP_PORT", String.valueOf(port)), "status")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("piapi-collector: no collector answers at http://127.0.0.1:" + port
                + ": is it running? (collector.http.host, collector.http.port)");
    }
}
