package ai.piapi.collector.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.domain.CompletedTask;
import ai.piapi.collector.domain.DeadLetter;
import ai.piapi.collector.domain.Reason;
import ai.piapi.collector.ledger.OutboxEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T15:00:00Z");

    @TempDir
    Path completed;

    private final Events both = new Events(true, true, JSON);

    @Test
    void aCompletedEventCarriesTheTaskSummaryAndItsCapturedFiles() throws Exception {
        Files.createDirectories(completed.resolve("t-1/out"));
        Files.writeString(completed.resolve("t-1/out/image.png"), "png");
        Files.writeString(completed.resolve("t-1/manifest.json"), "{}");
        JsonNode data = JSON.readTree("{\"task_id\":\"t-1\",\"status\":\"completed\",\"model\":\"Qubico/flux1-dev\","
                + "\"task_type\":\"txt2img\",\"output\":{}}");
        String location = completed.resolve("t-1.json").toString();

        OutboxEvent event = both.completed(new CompletedTask("t-1", data, 3), location).get(0);

        assertThat(event.channel()).isEqualTo(OutboxEvent.COMPLETED);
        assertThat(event.key()).isEqualTo("t-1");
        JsonNode body = JSON.readTree(event.payload());
        assertThat(body.path("task_id").asText()).isEqualTo("t-1");
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("model").asText()).isEqualTo("Qubico/flux1-dev");
        assertThat(body.path("task_type").asText()).isEqualTo("txt2img");
        assertThat(body.path("location").asText()).isEqualTo(location);
        assertThat(body.path("files")).extracting(JsonNode::asText).containsExactly(
                completed.resolve("t-1/manifest.json").toString(), completed.resolve("t-1/out/image.png").toString());
        assertThat(body.has("output")).isFalse();
    }

    @Test
    void aCompletedEventWithoutCapturedFilesHasAnEmptyList() throws Exception {
        JsonNode data = JSON.readTree("{\"task_id\":\"t-2\",\"status\":\"completed\"}");

        JsonNode body = JSON.readTree(both.completed(new CompletedTask("t-2", data, 1),
                completed.resolve("t-2.json").toString()).get(0).payload());

        assertThat(body.path("files").isArray()).isTrue();
        assertThat(body.path("files")).isEmpty();
        assertThat(body.path("model").isNull()).isTrue();
    }

    @Test
    void aDeadLetterEventIsTheRecordAsStored() throws Exception {
        DeadLetter record = DeadLetter.forTask("t-3", Reason.TASK_FAILED, "PiAPI reports the task failed", 4, 200,
                null, JSON.readTree("{\"task_id\":\"t-3\"}"), NOW, NOW);

        OutboxEvent event = both.deadLettered(record).get(0);

        assertThat(event.channel()).isEqualTo(OutboxEvent.DEAD_LETTER);
        assertThat(event.key()).isEqualTo("t-3.json");
        assertThat(JSON.readTree(event.payload())).isEqualTo(JSON.readTree(JSON.writeValueAsString(record)));
    }

    @Test
    void anOversizedDeadLetterEventLeavesOutTheTaskAndRawInputButSaysSo() throws Exception {
        String huge = "y".repeat(Events.PAYLOAD_LIMIT);
        DeadLetter big = new DeadLetter("t-5", "task_failed", "failed", 1, 200, null,
                JSON.createObjectNode().put("blob", huge), null, null, null, NOW.toString(), NOW.toString());

        JsonNode body = JSON.readTree(both.deadLettered(big).get(0).payload());

        assertThat(body.has("task")).isFalse();
        assertThat(body.path("detail").asText()).contains("left out");
        assertThat(body.path("task_id").asText()).isEqualTo("t-5");
        assertThat(body.path("reason").asText()).isEqualTo("task_failed");
    }

    @Test
    void anOutputThatIsNotConfiguredGetsNoEvent() throws Exception {
        Events none = Events.from(key -> Optional.ofNullable(Map.of("collector.completed.uri", "  ").get(key)), JSON);
        JsonNode data = JSON.readTree("{\"status\":\"completed\"}");

        assertThat(none.completed(new CompletedTask("t-4", data, 1), completed.resolve("t-4.json").toString())).isEmpty();
        assertThat(none.deadLettered(DeadLetter.invalidInput("x", "s", 1, "d", NOW))).isEmpty();
        assertThat(Events.from(key -> Optional.of("jms:queue:x"), JSON)
                .deadLettered(DeadLetter.invalidInput("x", "s", 1, "d", NOW))).hasSize(1);
    }
}
