package ai.piapi.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * An event as a consumer who read only the README would take it: checked against {@code docs/events.schema.json}
 * (formats asserted) and read by the CloudEvents SDK's JSON format.
 */
public final class EventSchema {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private EventSchema() {
    }

    private static JsonSchema load() {
        try (InputStream in = Files.newInputStream(Path.of("docs/events.schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event's JSON, once it is known to follow the documented schema. */
    public static JsonNode check(String body) {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("event is not JSON: " + body, e);
        }
        Set<ValidationMessage> problems = SCHEMA.validate(event);
        assertThat(problems).as("event %s against docs/events.schema.json", body).isEmpty();
        CloudEvent read = new JsonFormat().deserialize(body.getBytes(StandardCharsets.UTF_8));
        assertThat(read.getId()).isEqualTo(event.path("id").asText());
        assertThat(read.getDataContentType()).isEqualTo("application/json");
        return event;
    }

    /** The {@code data} of a checked event. */
    public static JsonNode data(String body) {
        return check(body).path("data");
    }
}
