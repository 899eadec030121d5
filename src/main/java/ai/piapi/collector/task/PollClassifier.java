package ai.piapi.collector.task;

import ai.piapi.collector.domain.Redactor;
import ai.piapi.collector.model.TaskEnvelope;
import ai.piapi.collector.model.TaskError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/** Turns one get-task answer (HTTP status, body, Retry-After) into a {@link PollOutcome}. */
public final class PollClassifier {
    private static final int SNIPPET = 200;

    private final ObjectMapper mapper;
    private final Redactor redactor;

    public PollClassifier(ObjectMapper mapper) {
        this(mapper, Redactor.none());
    }

    /** {@code redactor}: the configured secrets (API key, webhook secret, HTTP token), masked wherever an answer quotes them. */
    public PollClassifier(ObjectMapper mapper, Redactor redactor) {
        this.redactor = redactor;
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public PollOutcome classify(int httpStatus, String body, Duration retryAfter) {
        // every secret an answer may echo is masked before anything reads it: data, error, detail and snippets alike
        return read(httpStatus, redactor.cleanAnswer(body, mapper), retryAfter);
    }

    private PollOutcome read(int httpStatus, String body, Duration retryAfter) {
        if (httpStatus < 200 || httpStatus > 299) {
            return byErrorStatus(httpStatus, "HTTP " + httpStatus + describe(body), errorOf(body), retryAfter);
        }
        JsonNode tree;
        TaskEnvelope envelope;
        try {
            tree = mapper.readTree(body == null ? "" : body);
            envelope = tree == null || !tree.isObject() ? null : mapper.treeToValue(tree, TaskEnvelope.class);
        } catch (JsonProcessingException notJson) {
            return PollOutcome.transientError(httpStatus, "unreadable body: not JSON" + describe(body), null);
        }
        if (envelope == null) {
            return PollOutcome.transientError(httpStatus, "unreadable body: not a JSON object" + describe(body), null);
        }
        if (envelope.code() != null && envelope.code() >= 400) {
            String message = envelope.message() == null ? "" : ": " + clip(envelope.message());
            return byErrorStatus(envelope.code(), "PiAPI answered code " + envelope.code() + message,
                    tree.get("data") == null ? null : tree.path("data").get("error"), retryAfter);
        }
        JsonNode data = tree.get("data");
        if (envelope.data() == null || data == null || !data.isObject()) {
            return PollOutcome.transientError(httpStatus, "answer without a task object" + describe(body), null);
        }
        Redactor.redactTask(data);
        String status = envelope.data().status();
        TaskError error = envelope.data().error();
        JsonNode errorNode = error == null || error.isEmpty() ? null : data.get("error");
        return switch (TaskStatus.of(status)) {
            case COMPLETED -> PollOutcome.completed(httpStatus, status, data);
            case FAILED -> PollOutcome.finalFailure(httpStatus, status, data, errorNode, Reason.TASK_FAILED,
                    "PiAPI reports the task failed" + because(error));
            case CANCELLED -> PollOutcome.finalFailure(httpStatus, status, data, errorNode, Reason.TASK_CANCELLED,
                    "PiAPI reports the task was cancelled" + because(error));
            case RUNNING -> PollOutcome.running(httpStatus, status, data);
        };
    }

    /** The contract's table for HTTP (or envelope) error codes. */
    private static PollOutcome byErrorStatus(int code, String detail, JsonNode error, Duration retryAfter) {
        if (code == 401 || code == 403) {
            return PollOutcome.authRefused(code, error, retryAfter);
        }
        if (code == 404) {
            return PollOutcome.refused(code, error, Reason.NOT_FOUND, "PiAPI does not know this task: " + detail);
        }
        if (code == 408 || code == 429 || code >= 500 || code < 400) {
            return PollOutcome.transientError(code, detail, retryAfter);
        }
        return PollOutcome.refused(code, error, Reason.REJECTED, "PiAPI rejected the request: " + detail);
    }

    private JsonNode errorOf(String body) {
        try {
            JsonNode tree = mapper.readTree(body == null ? "" : body);
            JsonNode error = tree == null ? null : tree.path("data").get("error");
            return error != null && error.isObject() ? error : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static String because(TaskError error) {
        return error == null || error.text() == null ? "" : ": " + clip(error.text());
    }

    /** A short account of a body for humans: a JSON body by its message only (it may echo a secret), text clipped. */
    private String describe(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode tree = mapper.readTree(body);
            JsonNode message = tree == null ? null : tree.get("message");
            return message != null && message.isTextual() ? " (message: " + clip(message.asText()) + ")" : "";
        } catch (JsonProcessingException notJson) {
            return " (body: " + clip(body.strip().replaceAll("\\s+", " ")) + ")";
        }
    }

    private static String clip(String s) {
        return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET) + "…";
    }
}
