package ai.piapi.collector.intake;

import ai.piapi.collector.http.RequestRefused;
import ai.piapi.collector.task.TaskId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;

/**
 * Reads the task IDs of a {@code POST /tasks} body: {@code {"task_ids": [...]}}, a JSON array, or text lines
 * (as an inbox {@code .txt} file). The form is told by the first character, so a missing Content-Type does no harm.
 * Elements that are not valid task IDs are refused one by one (line = their position); a body that cannot be
 * read at all is a {@link RequestRefused} (400; 415 for a form).
 */
public class RequestBodyParser {
    private final InboxParser lines;
    private final ObjectReader json;

    public RequestBodyParser(ObjectMapper mapper) {
        this.lines = new InboxParser(mapper);
        this.json = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** {@code contentType} may be null; form encodings are refused (the server has already taken such a body apart). */
    public InboxParser.Parsed parse(String body, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
            throw new RequestRefused(415, "send the task IDs as application/json or text/plain, not as a form"
                    + " (curl: add -H 'Content-Type: text/plain')");
        }
        return parse(body);
    }

    public InboxParser.Parsed parse(String body) {
        String text = body == null ? "" : body.replace("\uFEFF", "").strip();
        if (text.isEmpty()) {
            throw RequestRefused.malformed("empty body: send {\"task_ids\": [...]}, a JSON array or one task ID per line");
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            return parseJson(text);
        }
        try {
            return lines.parse(new StringReader(text), "request.txt");
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private InboxParser.Parsed parseJson(String text) {
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw RequestRefused.malformed("body is not valid JSON" + where(e));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        JsonNode ids = tree.isObject() ? tree.get("task_ids") : tree;
        if (ids == null || !ids.isArray()) {
            throw RequestRefused.malformed("a JSON object body needs a \"task_ids\" array");
        }
        InboxParser.Parsed parsed = new InboxParser.Parsed(new ArrayList<>(), new ArrayList<>());
        long position = 0;
        for (JsonNode element : ids) {
            position++;
            if (!element.isTextual()) {
                parsed.refused().add(new InboxParser.Refused(position, element.toString(), "not a JSON string"));
            } else if (TaskId.isValid(element.asText().strip())) {
                parsed.taskIds().add(element.asText().strip());
            } else {
                parsed.refused().add(new InboxParser.Refused(position, element.asText(), TaskId.whyInvalid(element.asText().strip())));
            }
        }
        return parsed;
    }

    /** Line and column only: Jackson's own message quotes the body, which may hold anything. */
    static String where(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
