package ai.piapi.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    @Test
    void masksTheWebhookSecret() throws Exception {
        JsonNode data = json("""
                {"task_id":"t1","config":{"service_mode":"public",
                 "webhook_config":{"endpoint":"https://hook.example/x","secret":"s3cr3t-value"}}}""");

        JsonNode out = Redactor.redactTask(data);

        assertThat(out.at("/config/webhook_config/secret").asText()).isEqualTo("***");
        assertThat(out.toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void leavesEverythingElseAsItWas() throws Exception {
        String text = """
                {"task_id":"t1","status":"completed","output":{"image_url":"https://img.example/a.png"},
                 "config":{"service_mode":"public","webhook_config":{"endpoint":"https://hook.example/x","secret":"abc"}},
                 "some_new_field":[1,2,3]}""";
        JsonNode redacted = Redactor.redactTask(json(text));

        JsonNode expected = json(text);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/config/webhook_config")).put("secret", "***");
        assertThat(redacted).isEqualTo(expected);
    }

    @Test
    void masksASecretThatIsNullOrEmpty() throws Exception {
        assertThat(Redactor.redactTask(json("{\"config\":{\"webhook_config\":{\"secret\":null}}}"))
                .at("/config/webhook_config/secret").asText()).isEqualTo("***");
        assertThat(Redactor.redactTask(json("{\"config\":{\"webhook_config\":{\"secret\":\"\"}}}"))
                .at("/config/webhook_config/secret").asText()).isEqualTo("***");
    }

    @Test
    void addsNoSecretFieldWhereThereWasNone() throws Exception {
        for (String text : List.of("{\"task_id\":\"t1\"}", "{\"config\":{}}", "{\"config\":null}",
                "{\"config\":{\"webhook_config\":{\"endpoint\":\"\"}}}", "{\"config\":{\"webhook_config\":\"x\"}}")) {
            JsonNode before = json(text);
            assertThat(Redactor.redactTask(json(text))).as(text).isEqualTo(before);
        }
    }

    @Test
    void leavesASecretElsewhereInTheTreeAlone() throws Exception {
        String text = "{\"input\":{\"secret\":\"prompt words\"}}";
        assertThat(Redactor.redactTask(json(text))).isEqualTo(json(text));
    }

    @Test
    void toleratesNoData() {
        assertThat(Redactor.redactTask(null)).isNull();
    }

    @Test
    void scrubMasksEveryOccurrenceOfEveryKnownSecret() {
        String text = "key sk-live-123456 rejected; retried with sk-live-123456 and hook hook-pass-9";
        assertThat(Redactor.scrub(text, List.of("sk-live-123456", "hook-pass-9")))
                .isEqualTo("key *** rejected; retried with *** and hook ***");
    }

    @Test
    void scrubLeavesTextWithoutSecretsUnchanged() {
        assertThat(Redactor.scrub("connection refused", Set.of("sk-live-123456"))).isEqualTo("connection refused");
    }

    @Test
    void scrubIgnoresNullAndTooShortSecretsSoTextStaysReadable() {
        assertThat(Redactor.scrub("a task at 10:00", Arrays.asList(null, "", "a", "10"))).isEqualTo("a task at 10:00");
    }

    @Test
    void scrubToleratesNoText() {
        assertThat(Redactor.scrub(null, Set.of("sk-live-123456"))).isNull();
    }
}
