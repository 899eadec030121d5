package ai.piapi.collector.intake;

import ai.piapi.collector.task.TaskId;
import ai.piapi.collector.intake.InboxParser.Parsed;
import ai.piapi.collector.intake.InboxParser.Refused;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;

/**
 * Reads task IDs from one queue message: a single ID, lines of IDs ({@code #} comments and blank lines
 * skipped), a JSON object with {@code task_id}, or a JSON array of such objects or of ID strings.
 * A message that is none of these (broken JSON, binary, empty) is refused whole, as line 0.
 */
public class MessageParser {
    /** The line number a refusal of the whole message carries. */
    public static final long WHOLE_MESSAGE = 0;

    private final ObjectReader json;

    public MessageParser(ObjectMapper mapper) {
        this.json = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public Parsed parse(String body) {
        Parsed parsed = new Parsed(new ArrayList<>(), new ArrayList<>());
        String text = body == null ? "" : body.replace("\uFEFF", "").strip();
        if (text.isEmpty()) {
            return poison(parsed, body, "empty message");
        }
        if (looksBinary(text)) {
            return poison(parsed, body, "message is not text (control characters or invalid UTF-8)");
        }
        char first = text.charAt(0);
        if (first == '{' || first == '[' || first == '"') {
            return readJson(text, body, parsed);
        }
        long number = 0;
        for (String line : text.split("\\R", -1)) {
            number++;
            String id = line.strip();
            if (!id.isEmpty() && !id.startsWith("#")) {
                take(id, line, number, parsed);
            }
        }
        return parsed;
    }

    private Parsed readJson(String text, String body, Parsed parsed) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException notJson) {
            return poison(parsed, body, "message looks like JSON but cannot be parsed");
        }
        if (node.isObject() || node.isTextual()) {
            String id = idOf(node);
            if (id == null) {
                return poison(parsed, body, "JSON object has no task_id string");
            }
            take(id, body, 1, parsed);
            return parsed;
        }
        if (!node.isArray()) {
            return poison(parsed, body, "JSON message is neither an object with task_id nor an array of them");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String id = idOf(element);
            if (id == null) {
                parsed.refused().add(new Refused(i + 1L, element.toString(), "array element " + (i + 1)
                        + " is neither a task ID string nor an object with a task_id string"));
            } else {
                take(id, element.toString(), i + 1L, parsed);
            }
        }
        return parsed;
    }

    /** The ID a JSON string or an object's {@code task_id} string carries; null when there is none. */
    private static String idOf(JsonNode node) {
        JsonNode id = node.isObject() ? node.get("task_id") : node;
        return id != null && id.isTextual() ? id.asText().strip() : null;
    }

    private static void take(String id, String raw, long number, Parsed parsed) {
        if (TaskId.isValid(id)) {
            parsed.taskIds().add(id);
        } else {
            parsed.refused().add(new Refused(number, raw, TaskId.whyInvalid(id)));
        }
    }

    private static Parsed poison(Parsed parsed, String body, String detail) {
        parsed.refused().add(new Refused(WHOLE_MESSAGE, body == null ? "" : body, detail));
        return parsed;
    }

    /** NUL and other control characters (tab and line breaks aside), or U+FFFD left by undecodable bytes. */
    private static boolean looksBinary(String text) {
        return text.chars().anyMatch(c -> c == '\uFFFD' || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r'));
    }
}
