package ai.piapi.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestGateTest {
    private final RequestGate gate = new RequestGate("0.0.0.0", List.of("collector.example.com"));

    private Integer status(String path, String host, String origin, String query, String type) {
        RequestGate.Refusal refusal = gate.check(path, host, origin, query, type);
        return refusal == null ? null : refusal.status();
    }

    @Test
    void takesLoopbackAndListedHostsWithOrWithoutAPort() {
        for (String host : List.of("localhost", "127.0.0.1:8080", "[::1]:8080", "LOCALHOST.", "collector.example.com:443")) {
            assertThat(status("/tasks", host, null, null, "text/plain")).as(host).isNull();
        }
        assertThat(status("/tasks", null, null, null, null)).as("no Host (HTTP/1.0)").isNull();
    }

    @Test
    void refusesAForeignHostButNotOnObservePaths() {
        assertThat(status("/tasks", "evil.example:8080", null, null, null)).isEqualTo(421);
        assertThat(status("/tasks", "0.0.0.0:8080", null, null, null)).as("a wildcard bind adds no name").isEqualTo(421);
        assertThat(status("/observe/health", "10.1.2.3:8080", null, null, null)).isNull();
    }

    @Test
    void refusesAnOriginThatIsNotOurs() {
        assertThat(status("/tasks", "localhost", "http://evil.example", null, "text/plain")).isEqualTo(403);
        assertThat(status("/tasks", "localhost", "null", null, "text/plain")).isEqualTo(403);
        assertThat(status("/tasks", "localhost", "http://localhost:8080", null, "text/plain")).isNull();
        assertThat(status("/tasks", "localhost", "https://collector.example.com", null, "text/plain")).isNull();
    }

    @Test
    void refusesSecretsInTheQueryWhateverTheirCase() {
        assertThat(status("/webhooks/piapi", "localhost", null, "X-Webhook-Secret=abc", "application/json")).isEqualTo(400);
        assertThat(status("/tasks", "localhost", null, "state=open&authorization=Bearer%20x", null)).isEqualTo(400);
        assertThat(status("/tasks", "localhost", null, "state=open&limit=5", null)).isNull();
    }

    @Test
    void takesJsonOnlyAtTheWebhookAndNoFormAtTasks() {
        assertThat(status("/webhooks/piapi", "localhost", null, null, "application/x-www-form-urlencoded")).isEqualTo(415);
        assertThat(status("/webhooks/piapi", "localhost", null, null, "text/plain")).isEqualTo(415);
        assertThat(status("/webhooks/piapi", "localhost", null, null, "application/json; charset=utf-8")).isNull();
        assertThat(status("/tasks", "localhost", null, null, "multipart/form-data; boundary=x")).isEqualTo(415);
        assertThat(status("/tasks", "localhost", null, null, "text/plain")).isNull();
    }
}
