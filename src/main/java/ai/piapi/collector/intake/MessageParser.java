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
        parse(body, parsed);
        return parsed;
    }

    /** The same, each ID or refusal handed to {@code parsed} as it is read. */
    public void parse(String body, IdSink parsed) {
        String text = body == null ? "" : body.replace("\uFEFF", "").strip();
        if (text.isEmpty()) {
            poison(parsed, body, "empty message");
            return;
        }
        if (looksBinary(text)) {
            poison(parsed, body, "message is not text (control characters or invalid UTF-8)");
            return;
        }
        char first = text.charAt(0);
        if (first == '{' || first == '[' || first == '"') {
            readJson(text, body, parsed);
            return;
        }
        long number = 0;
        for (String line : text.split("\\R", -1)) {
            number++;
            String id = line.strip();
            if (!id.isEmpty() && !id.startsWith("#")) {
                take(id, line, number, parsed);
            }
        }
    }

    private void readJson(String text, String body, IdSink parsed) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException notJson) {
            poison(parsed, body, "message looks like JSON but cannot be parsed");
            return;
        }
        if (node.isObject() || node.isTextual()) {
            String id = idOf(node);
            if (id == null) {
                poison(parsed, body, "JSON object has no task_id string");
                return;
            }
            take(id, body, 1, parsed);
            return;
        }
        if (!node.isArray()) {
            poison(parsed, body, "JSON message is neither an object with task_id nor an array of them");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String id = idOf(element);
            if (id == null) {
                parsed.refuse(new Refused(i + 1L, element.toString(), "array element " + (i + 1)
                        + " is neither a task ID string nor an object with a task_id string"));
            } else {
                take(id, element.toString(), i + 1L, parsed);
            }
        }
    }

    /** The ID a JSON string or an object's {@code task_id} string carries; null when there is none. */
    private static String idOf(JsonNode node) {
        JsonNode id = node.isObject() ? node.get("task_id") : node;
        return id != null && id.isTextual() ? id.asText().strip() : null;
    }

    private static void take(String id, String raw, long number, IdSink parsed) {
        if (TaskId.isValid(id)) {
            parsed.acceptId(id);
        } else {
            parsed.refuse(new Refused(number, raw, TaskId.whyInvalid(id)));
        }
    }

    private static void poison(IdSink parsed, String body, String detail) {
        parsed.refuse(new Refused(WHOLE_MESSAGE, body == null ? "" : body, detail));
    }

    /** NUL and other control characters (tab and line breaks aside), or U+FFFD left by undecodable bytes. */
    private static boolean looksBinary(String text) {
        return text.chars().anyMatch(c -> c == '\uFFFD' || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r'));
    }
}
