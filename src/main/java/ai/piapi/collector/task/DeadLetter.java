package ai.piapi.collector.task;

import ai.piapi.collector.domain.Redactor;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** The contract's dead-letter record, as stored in {@code <dead-letter-dir>}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"task_id", "reason", "detail", "attempts", "http_status", "error", "task", "source", "raw",
    "line", "first_seen_at", "dead_lettered_at"})
public record DeadLetter(
        @JsonProperty("task_id") String taskId,
        String reason,
        String detail,
        Integer attempts,
        @JsonProperty("http_status") Integer httpStatus,
        JsonNode error,
        JsonNode task,
        String source,
        String raw,
        Long line,
        @JsonProperty("first_seen_at") String firstSeenAt,
        @JsonProperty("dead_lettered_at") String deadLetteredAt) implements Verdict {

    /** Raw input is kept up to this many characters; beyond it the record says it was cut. */
    static final int RAW_LIMIT = 65_536;

    /** A task that reached a final failure (or gave up) while polling. */
    public static DeadLetter forTask(String taskId, Reason reason, String detail, int attempts, Integer httpStatus,
                                     JsonNode error, JsonNode task, Instant firstSeenAt, Instant now) {
        return new DeadLetter(taskId, reason.code(), detail, attempts, httpStatus, error,
                task == null ? null : Redactor.redactTask(task), null, null, null, firstSeenAt.toString(), now.toString());
    }

    /** An input line refused at intake: it has no usable task ID, so the file name comes from a digest. */
    public static DeadLetter invalidInput(String raw, String source, long line, String detail, Instant now) {
        String kept = raw.length() <= RAW_LIMIT ? raw : raw.substring(0, RAW_LIMIT);
        String why = raw.length() <= RAW_LIMIT ? detail : detail + " (raw input cut to " + RAW_LIMIT + " characters)";
        return new DeadLetter(null, Reason.INVALID_TASK_ID.code(), why, null, null, null, null, source, kept, line,
                now.toString(), now.toString());
    }

    /** The same record without its task object and raw input (kept in the file), the detail saying why. */
    public DeadLetter withoutBulk(String why) {
        return new DeadLetter(taskId, reason, detail + " (" + why + ")", attempts, httpStatus, error, null, source, null,
                line, firstSeenAt, deadLetteredAt);
    }

    /** {@code <task_id>.json}, or {@code invalid-<digest>.json} where the same input gives the same name on a replay. */
    @JsonIgnore
    public String fileName() {
        if (taskId != null) {
            return taskId + ".json";
        }
        return "invalid-" + digest(source + "\n" + line + "\n" + raw) + ".json";
    }

    @JsonIgnore
    @Override
    public String kind() {
        return DEAD_LETTER;
    }

    @JsonIgnore
    public boolean isForTask() {
        return taskId != null;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
