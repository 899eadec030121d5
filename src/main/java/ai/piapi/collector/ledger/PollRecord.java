package ai.piapi.collector.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The ledger's view of one poll: counters after it, when to poll next, and what was seen (secret-free). */
public record PollRecord(int polls, int transientErrors, Instant nextPollAt, Instant leaseUntil,
                         String lastStatus, Integer httpStatus, String lastError, String lastData,
                         String model, String taskType) {
    /** Task data longer than this is not kept in the ledger (the stored result or dead letter has it whole). */
    public static final int LAST_DATA_LIMIT = 256 * 1024;
    static final int STATUS_LIMIT = 64;
    static final int ERROR_LIMIT = 1000;
    static final int NAME_LIMIT = 128;

    /**
     * A poll that saw {@code status} and got PiAPI's task {@code data} (null when it got none): its model and task
     * type taken from the data, every text clipped to its ledger column, the data kept only when small enough.
     */
    public static PollRecord of(int polls, int transientErrors, Instant nextPollAt, Instant leaseUntil, String status,
                                Integer httpStatus, String error, JsonNode data) {
        String json = data == null ? null : data.toString();
        return new PollRecord(polls, transientErrors, nextPollAt, leaseUntil, clip(status, STATUS_LIMIT), httpStatus,
                clip(error, ERROR_LIMIT), json != null && json.length() <= LAST_DATA_LIMIT ? json : null,
                clip(text(data, "model"), NAME_LIMIT), clip(text(data, "task_type"), NAME_LIMIT));
    }

    private static String text(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
