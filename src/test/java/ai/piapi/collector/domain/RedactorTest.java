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

    private final Redactor configured = new Redactor(List.of("pk-live-123456", "whcfg-abcdef", ""));

    @Test
    void masksConfiguredSecretsInAnHtmlAnswer() {
        assertThat(configured.cleanAnswer("<p>X-API-Key: pk-live-123456</p>", mapper)).isEqualTo("<p>X-API-Key: ***</p>");
    }

    @Test
    void masksEverySecretInEveryFieldOfAJsonAnswer() throws Exception {
        String body = """
                {"code":200,"message":"key pk-live-123456","data":{"task_id":"t1","config":{"webhook_config":
                 {"endpoint":"https://h.example/in?secret=qs-secret-42&a=b","secret":"own-secret-9"}},
                 "logs":["own-secret-9 and qs-secret-42"],"output":{"x":{"y":"whcfg-abcdef"}},
                 "error":{"raw_message":"own-secret-9","message":"pk-live-123456"}}}""";

        JsonNode cleaned = json(configured.cleanAnswer(body, mapper));

        assertThat(cleaned.toString()).doesNotContain("pk-live-123456", "whcfg-abcdef", "own-secret-9", "qs-secret-42");
        assertThat(cleaned.at("/data/logs/0").asText()).isEqualTo("*** and ***");
        assertThat(cleaned.at("/data/task_id").asText()).isEqualTo("t1");
    }

    @Test
    void findsASecretThatJsonEscapes() throws Exception {
        Redactor slashy = new Redactor(List.of("key/with\\slash"));
        String body = "{\"message\":\"key\\/with\\\\slash\"}";

        assertThat(slashy.cleanAnswer(body, mapper)).doesNotContain("slash");
    }

    @Test
    void leavesAnAnswerWithoutSecretsAsItCame() {
        String body = "{\"code\":200, \"data\":{\"task_id\":\"t1\"}}";

        assertThat(configured.cleanAnswer(body, mapper)).isSameAs(body);
    }

    @Test
    void masksEndpointQueryValuesInTheStoredTask() throws Exception {
        JsonNode data = json("{\"config\":{\"webhook_config\":{\"endpoint\":\"https://h/x?secret=abc&t=1#f\"}}}");

        assertThat(Redactor.redactTask(data).at("/config/webhook_config/endpoint").asText()).isEqualTo("https://h/x?secret=***&t=***#f");
    }
}
