package ai.piapi.collector.intake;

import ai.piapi.collector.http.RequestRefused;
import ai.piapi.collector.task.TaskId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * Reads the task IDs of a {@code POST /tasks} body: {@code {"task_ids": [...]}}, a JSON array, or text lines
 * (as an inbox {@code .txt} file). The form is told by the first character, so a missing Content-Type does no harm.
 * Elements that are not valid task IDs are refused one by one (line = their position); a body that cannot be
 * read at all is a {@link RequestRefused} (400; 415 for a form).
 */
public class RequestBodyParser {
    private final InboxParser lines;
    private final ObjectMapper json;

    public RequestBodyParser(ObjectMapper mapper) {
        this.lines = new InboxParser(mapper);
        this.json = mapper;
    }

    /** {@code contentType} may be null; form encodings are refused (the server has already taken such a body apart). */
    public InboxParser.Parsed parse(String body, String contentType) {
        refuseForm(contentType);
        return parse(body);
    }

    /** A form is refused: the server has already taken such a body apart into headers. */
    public static void refuseForm(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
            throw new RequestRefused(415, "send the task IDs as application/json or text/plain, not as a form"
                    + " (curl: add -H 'Content-Type: text/plain')");
        }
    }

    public InboxParser.Parsed parse(String body) {
        InboxParser.Parsed parsed = new InboxParser.Parsed(new ArrayList<>(), new ArrayList<>());
        try {
            parse(new java.io.ByteArrayInputStream((body == null ? "" : body).getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE, parsed);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return parsed;
    }

    /**
     * Reads the body as a stream, each ID or refusal handed to {@code sink} as it is read: memory does not grow with
     * the body. Beyond {@code maxBytes} the read stops with a 413 {@link RequestRefused}.
     */
    public void parse(InputStream body, long maxBytes, IdSink sink) throws IOException {
        PushbackReader text = new PushbackReader(new InputStreamReader(new LimitedInputStream(body, maxBytes),
                StandardCharsets.UTF_8), 1);
        int first = text.read();
        while (first == '\uFEFF' || (first >= 0 && Character.isWhitespace(first))) {
            first = text.read();
        }
        if (first < 0) {
            throw RequestRefused.malformed("empty body: send {\"task_ids\": [...]}, a JSON array or one task ID per line");
        }
        text.unread(first);
        if (first == '{' || first == '[') {
            parseJson(text, sink);
        } else {
            lines.parse(text, "request.txt", sink);
        }
    }

    private void parseJson(Reader text, IdSink sink) throws IOException {
        try (JsonParser p = json.getFactory().createParser(text)) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.START_ARRAY) {
                readIds(p, sink);
            } else {
                boolean found = false;
                for (token = p.nextToken(); token == JsonToken.FIELD_NAME; token = p.nextToken()) {
                    String name = p.currentName();
                    token = p.nextToken();
                    if (!found && "task_ids".equals(name) && token == JsonToken.START_ARRAY) {
                        found = true;
                        readIds(p, sink);
                    } else {
                        p.skipChildren();
                    }
                }
                if (!found) {
                    throw RequestRefused.malformed("a JSON object body needs a \"task_ids\" array");
                }
            }
            if (p.nextToken() != null) {
                throw RequestRefused.malformed("body is not valid JSON: more after its end");
            }
        } catch (JsonProcessingException e) {
            throw RequestRefused.malformed("body is not valid JSON" + where(e));
        }
    }

    /** The array's elements, one at a time (line = position). */
    private static void readIds(JsonParser p, IdSink sink) throws IOException {
        long position = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw RequestRefused.malformed("body is not valid JSON: it ends inside the array");
            }
            position++;
            if (t != JsonToken.VALUE_STRING) {
                JsonNode element = p.readValueAsTree();
                sink.refuse(new InboxParser.Refused(position, String.valueOf(element), "not a JSON string"));
            } else if (TaskId.isValid(p.getText().strip())) {
                sink.acceptId(p.getText().strip());
            } else {
                sink.refuse(new InboxParser.Refused(position, p.getText(), TaskId.whyInvalid(p.getText().strip())));
            }
        }
    }

    /** Line and column only: Jackson's own message quotes the body, which may hold anything. */
    static String where(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
