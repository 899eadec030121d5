package ai.piapi.collector.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.task.CapturedFiles;
import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.task.Manifest;
import ai.piapi.collector.task.Reason;
import ai.piapi.collector.ledger.OutboxEvent;
import ai.piapi.collector.support.EventSchema;
import ai.piapi.collector.support.ManualClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T15:00:00Z");
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final AtomicInteger ids = new AtomicInteger();
    private final Events both = new Events(true, true, JSON, URI.create("/piapi-collector/test-1"),
            Clock.fixed(NOW, java.time.ZoneOffset.UTC), () -> "event-" + ids.incrementAndGet());

    @Test
    void aCompletedEventIsACloudEventWithTheTaskSummaryAndWhereEveryFileIs() throws Exception {
        JsonNode result = JSON.readTree("{\"task_id\":\"t-1\",\"status\":\"completed\",\"model\":\"Qubico/flux1-dev\","
                + "\"task_type\":\"txt2img\",\"output\":{}}");
        Manifest.Entry png = new Manifest.Entry("a.png", "output.image_url", "https://img.example/a.png", 3, SHA, "image/png");
        Manifest.Entry decoded = new Manifest.Entry("image_base64.png", "output.image_base64", null, 3, SHA, "image/png");
        CapturedFiles files = new CapturedFiles("s3://results/runs/t-1/manifest.json", List.of(
                new CapturedFiles.Stored("s3://results/runs/t-1/a.png", png),
                new CapturedFiles.Stored("s3://results/runs/t-1/image_base64.png", decoded)));

        OutboxEvent event = both.completed(new CompletedTask("t-1", result, 3, files), "s3://results/runs/t-1.json").get(0);

        assertThat(event.channel()).isEqualTo(OutboxEvent.COMPLETED);
        assertThat(event.key()).isEqualTo("t-1");
        JsonNode body = EventSchema.check(event.payload());
        assertThat(body.path("specversion").asText()).isEqualTo("1.0");
        assertThat(body.path("id").asText()).isEqualTo("event-1");
        assertThat(body.path("type").asText()).isEqualTo(Events.COMPLETED);
        assertThat(body.path("source").asText()).isEqualTo("/piapi-collector/test-1");
        assertThat(body.path("subject").asText()).isEqualTo("t-1");
        assertThat(body.path("time").asText()).isEqualTo("2026-11-28T15:00:00Z");
        JsonNode data = body.path("data");
        assertThat(data.path("task_id").asText()).isEqualTo("t-1");
        assertThat(data.path("status").asText()).isEqualTo("completed");
        assertThat(data.path("model").asText()).isEqualTo("Qubico/flux1-dev");
        assertThat(data.path("task_type").asText()).isEqualTo("txt2img");
        assertThat(data.path("location").asText()).isEqualTo("s3://results/runs/t-1.json");
        assertThat(data.path("manifest").asText()).isEqualTo("s3://results/runs/t-1/manifest.json");
        assertThat(data.path("files")).hasSize(2);
        JsonNode first = data.path("files").get(0);
        assertThat(first.path("location").asText()).isEqualTo("s3://results/runs/t-1/a.png");
        assertThat(first.path("file").asText()).isEqualTo("a.png");
        assertThat(first.path("json_path").asText()).isEqualTo("output.image_url");
        assertThat(first.path("source_url").asText()).isEqualTo("https://img.example/a.png");
        assertThat(first.path("sha256").asText()).isEqualTo(SHA);
        assertThat(first.path("content_type").asText()).isEqualTo("image/png");
        assertThat(data.path("files").get(1).has("source_url")).isFalse();
        assertThat(data.has("output")).isFalse();
    }

    @Test
    void aRelativeStoragePathBecomesAbsoluteAndNothingCapturedIsAnEmptyList() throws Exception {
        JsonNode result = JSON.readTree("{\"task_id\":\"t-2\",\"status\":\"completed\"}");

        JsonNode data = EventSchema.data(both.completed(new CompletedTask("t-2", result, 1), "data/completed/./t-2.json")
                .get(0).payload());

        assertThat(data.path("location").asText()).isEqualTo(Path.of("data/completed/t-2.json").toAbsolutePath().toString());
        assertThat(data.path("manifest").isNull()).isTrue();
        assertThat(data.path("files").isArray()).isTrue();
        assertThat(data.path("files")).isEmpty();
        assertThat(data.path("model").isNull()).isTrue();
    }

    @Test
    void eachEventHasItsOwnId() throws Exception {
        JsonNode result = JSON.readTree("{\"status\":\"completed\"}");

        String one = both.completed(new CompletedTask("t-6", result, 1), "/c/t-6.json").get(0).payload();
        String two = both.completed(new CompletedTask("t-6", result, 1), "/c/t-6.json").get(0).payload();

        assertThat(JSON.readTree(one).path("id")).isNotEqualTo(JSON.readTree(two).path("id"));
    }

    @Test
    void aDeadLetterEventCarriesTheRecordAsStoredAndWhereItIs() throws Exception {
        DeadLetter record = DeadLetter.forTask("t-3", Reason.TASK_FAILED, "PiAPI reports the task failed", 4, 200,
                null, JSON.readTree("{\"task_id\":\"t-3\"}"), NOW, NOW);

        OutboxEvent event = both.deadLettered(record, "/srv/data/dead-letter/t-3.json").get(0);

        assertThat(event.channel()).isEqualTo(OutboxEvent.DEAD_LETTER);
        assertThat(event.key()).isEqualTo("t-3");
        JsonNode body = EventSchema.check(event.payload());
        assertThat(body.path("type").asText()).isEqualTo(Events.DEAD_LETTERED);
        assertThat(body.path("subject").asText()).isEqualTo("t-3");
        JsonNode expected = JSON.readTree(JSON.writeValueAsString(record));
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).put("location", "/srv/data/dead-letter/t-3.json");
        assertThat(body.path("data")).isEqualTo(expected);
    }

    @Test
    void refusedInputHasNoSubjectAndItsFileNameAsKey() throws Exception {
        DeadLetter refused = DeadLetter.invalidInput("not an id!", "jms:queue:tasks", 0, "empty", NOW);

        OutboxEvent event = both.deadLettered(refused, "/srv/dl/" + refused.fileName()).get(0);

        assertThat(event.key()).isEqualTo(refused.fileName().replace(".json", "")).startsWith("invalid-");
        JsonNode body = EventSchema.check(event.payload());
        assertThat(body.has("subject")).isFalse();
        assertThat(body.path("data").path("raw").asText()).isEqualTo("not an id!");
        assertThat(body.path("data").path("reason").asText()).isEqualTo("invalid_task_id");
    }

    @Test
    void anOversizedDeadLetterEventLeavesOutTheTaskAndRawInputButSaysSo() throws Exception {
        String huge = "y".repeat(Events.PAYLOAD_LIMIT);
        DeadLetter big = new DeadLetter("t-5", "task_failed", "failed", 1, 200, null,
                JSON.createObjectNode().put("blob", huge), null, null, null, NOW.toString(), NOW.toString());

        String payload = both.deadLettered(big, "/dl/t-5.json").get(0).payload();

        assertThat(payload.length()).isLessThan(Events.PAYLOAD_LIMIT);
        JsonNode data = EventSchema.data(payload);
        assertThat(data.has("task")).isFalse();
        assertThat(data.path("detail").asText()).contains("left out");
        assertThat(data.path("task_id").asText()).isEqualTo("t-5");
        assertThat(data.path("reason").asText()).isEqualTo("task_failed");
    }

    @Test
    void anOutputThatIsNotConfiguredGetsNoEvent() throws Exception {
        Clock clock = new ManualClock(NOW);
        Events none = Events.from(key -> Optional.ofNullable(Map.of("collector.completed.uri", "  ").get(key)), JSON,
                "pid@host", clock);
        JsonNode data = JSON.readTree("{\"status\":\"completed\"}");

        assertThat(none.completed(new CompletedTask("t-4", data, 1), "/c/t-4.json")).isEmpty();
        assertThat(none.deadLettered(DeadLetter.invalidInput("x", "s", 1, "d", NOW), "/d/x.json")).isEmpty();
        List<OutboxEvent> one = Events.from(key -> Optional.of("jms:queue:x"), JSON, "pid@host", clock)
                .deadLettered(DeadLetter.invalidInput("x", "s", 1, "d", NOW), "/d/x.json");
        assertThat(one).hasSize(1);
        assertThat(EventSchema.check(one.get(0).payload()).path("source").asText()).isEqualTo("/piapi-collector/pid%40host");
    }
}
