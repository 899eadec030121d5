package ai.piapi.collector.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private static final String ID = "0f8e2b1c-3d4a-4b5c-9d6e-7f8091a2b3c4";
    private static final Instant FIRST_SEEN = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-01T12:05:30Z");

    private final ObjectMapper mapper = new ObjectMapper();

    private static DeadLetter invalid(String raw, String source, long line) {
        return DeadLetter.invalidInput(raw, source, line, "task ID must match", NOW);
    }

    @Test
    void taskRecordIsNamedAfterTheTask() {
        DeadLetter letter = DeadLetter.forTask(ID, Reason.TASK_FAILED, "failed", 3, 200, null, null, FIRST_SEEN, NOW);

        assertThat(letter.fileName()).isEqualTo(ID + ".json");
        assertThat(letter.isForTask()).isTrue();
    }

    @Test
    void invalidInputIsNamedByADigest() {
        DeadLetter letter = invalid("not an id", "ids.txt", 4);

        assertThat(letter.fileName()).matches("invalid-[0-9a-f]{24}\\.json");
        assertThat(letter.isForTask()).isFalse();
        assertThat(letter.reason()).isEqualTo("invalid_task_id");
    }

    @Test
    void invalidInputGetsTheSameNameOnAReplay() {
        assertThat(invalid("not an id", "ids.txt", 4).fileName())
                .isEqualTo(invalid("not an id", "ids.txt", 4).fileName());
    }

    @Test
    void differentInvalidLinesGetDifferentNames() {
        List<String> names = new ArrayList<>();
        names.add(invalid("not an id", "ids.txt", 4).fileName());
        names.add(invalid("not an id!", "ids.txt", 4).fileName());
        names.add(invalid("not an id", "ids.txt", 5).fileName());
        names.add(invalid("not an id", "other.txt", 4).fileName());

        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void inputCannotSteerTheFileName() {
        for (String raw : List.of("../../etc/passwd", "/tmp/x", "..\\..\\win", "a\u0000b", "../" + ID)) {
            String name = invalid(raw, "../inbox/evil.txt", 1).fileName();

            assertThat(name).as(raw).matches("invalid-[0-9a-f]{24}\\.json")
                    .doesNotContain("/", "\\", "..", "etc", "passwd", ID);
        }
    }

    @Test
    void keepsShortRawInputWholeWithItsSource() {
        DeadLetter letter = invalid("bad id", "ids.txt", 7);

        assertThat(letter.raw()).isEqualTo("bad id");
        assertThat(letter.source()).isEqualTo("ids.txt");
        assertThat(letter.line()).isEqualTo(7L);
        assertThat(letter.detail()).isEqualTo("task ID must match");
    }

    @Test
    void cutsRawInputBeyond65536CharactersAndSaysSo() {
        DeadLetter atLimit = invalid("x".repeat(65_536), "ids.txt", 1);
        assertThat(atLimit.raw()).hasSize(65_536);
        assertThat(atLimit.detail()).doesNotContain("cut");

        DeadLetter over = invalid("x".repeat(200_000), "ids.txt", 1);
        assertThat(over.raw()).hasSize(65_536);
        assertThat(over.detail()).startsWith("task ID must match").contains("cut to 65536 characters");
    }

    @Test
    void serializesTheContractFieldsInSnakeCase() throws Exception {
        JsonNode task = mapper.readTree("{\"task_id\":\"" + ID + "\",\"status\":\"failed\","
                + "\"config\":{\"webhook_config\":{\"endpoint\":\"https://hook.example\",\"secret\":\"whsec-123456\"}}}");
        JsonNode error = mapper.readTree("{\"code\":10000,\"message\":\"content policy\"}");
        DeadLetter letter = DeadLetter.forTask(ID, Reason.TASK_FAILED, "PiAPI reports the task failed", 4, 200,
                error, task, FIRST_SEEN, NOW);

        String text = mapper.writeValueAsString(letter);
        JsonNode json = mapper.readTree(text);

        assertThat(json.fieldNames()).toIterable().containsExactly("task_id", "reason", "detail", "attempts",
                "http_status", "error", "task", "first_seen_at", "dead_lettered_at");
        assertThat(json.get("task_id").asText()).isEqualTo(ID);
        assertThat(json.get("reason").asText()).isEqualTo("task_failed");
        assertThat(json.get("attempts").asInt()).isEqualTo(4);
        assertThat(json.get("http_status").asInt()).isEqualTo(200);
        assertThat(json.get("error")).isEqualTo(error);
        assertThat(json.get("first_seen_at").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(json.get("dead_lettered_at").asText()).isEqualTo("2026-03-01T12:05:30Z");
        assertThat(json.at("/task/config/webhook_config/secret").asText()).isEqualTo("***");
        assertThat(text).doesNotContain("whsec-123456");
    }

    @Test
    void omitsWhatIsNotKnown() throws Exception {
        DeadLetter letter = DeadLetter.forTask(ID, Reason.ATTEMPTS_EXHAUSTED, "timeouts", 10, null, null, null,
                FIRST_SEEN, NOW);

        JsonNode json = mapper.readTree(mapper.writeValueAsString(letter));

        assertThat(json.fieldNames()).toIterable().containsExactly("task_id", "reason", "detail", "attempts",
                "first_seen_at", "dead_lettered_at");
        assertThat(json.toString()).doesNotContain("null");
    }

    @Test
    void serializesInvalidInputWithItsSourceAndLine() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(invalid("../x", "ids.txt", 2)));

        assertThat(json.fieldNames()).toIterable().containsExactly("reason", "detail", "source", "raw", "line",
                "first_seen_at", "dead_lettered_at");
        assertThat(json.get("raw").asText()).isEqualTo("../x");
        assertThat(json.get("line").asLong()).isEqualTo(2);
    }
}
