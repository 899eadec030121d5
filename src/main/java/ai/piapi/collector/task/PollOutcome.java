package ai.piapi.collector.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * What one poll of a task means for it.
 *
 * @param kind       what to do next
 * @param httpStatus the HTTP status, or null when no answer came
 * @param status     PiAPI's status string, when a task object was read
 * @param data       the task's {@code data} object, secret already redacted, when one was read
 * @param error      PiAPI's error object when it carried one
 * @param reason     the dead-letter reason for {@link Kind#FINAL_FAILURE}
 * @param detail     human text for logs and records (never holds a secret)
 * @param retryAfter the wait the server asked for, or null
 */
public record PollOutcome(Kind kind, Integer httpStatus, String status, JsonNode data, JsonNode error,
                          Reason reason, String detail, Duration retryAfter) {

    public enum Kind {
        /** Not final yet: poll again later. */
        RUNNING,
        /** Completed: capture and store. */
        COMPLETED,
        /** Final failure: dead-letter with {@link #reason()}. */
        FINAL_FAILURE,
        /** No usable answer (5xx, 408, 429, timeout, unreadable body): retry, counting it. */
        TRANSIENT,
        /** 401/403: the API key is refused; pause polling, blame no task. */
        AUTH_REFUSED
    }

    /** A task object that is not final yet. */
    public static PollOutcome running(int httpStatus, String status, JsonNode data) {
        return new PollOutcome(Kind.RUNNING, httpStatus, status, data, null, null, "status " + status, null);
    }

    /** A task object PiAPI reports completed. */
    public static PollOutcome completed(int httpStatus, String status, JsonNode data) {
        return new PollOutcome(Kind.COMPLETED, httpStatus, status, data, null, null, "completed", null);
    }

    /** A task object PiAPI reports failed or cancelled. */
    public static PollOutcome finalFailure(int httpStatus, String status, JsonNode data, JsonNode error, Reason reason,
                                           String detail) {
        return new PollOutcome(Kind.FINAL_FAILURE, httpStatus, status, data, error, reason, detail, null);
    }

    /** An error answer that ends the task (404, other 4xx): no task object. */
    public static PollOutcome refused(int httpStatus, JsonNode error, Reason reason, String detail) {
        return new PollOutcome(Kind.FINAL_FAILURE, httpStatus, null, null, error, reason, detail, null);
    }

    /** 401/403: the API key is refused. */
    public static PollOutcome authRefused(int httpStatus, JsonNode error, Duration retryAfter) {
        return new PollOutcome(Kind.AUTH_REFUSED, httpStatus, null, null, error, null,
                "PiAPI refused the API key (HTTP " + httpStatus + ")", retryAfter);
    }

    public static PollOutcome transientError(Integer httpStatus, String detail, Duration retryAfter) {
        return new PollOutcome(Kind.TRANSIENT, httpStatus, null, null, null, null, detail, retryAfter);
    }

    /** A completed task whose files could not be captured: a transient error of the task, reason capture_failed. */
    public static PollOutcome captureFailed(Integer fileStatus, JsonNode data, String detail) {
        return new PollOutcome(Kind.TRANSIENT, fileStatus, "completed", data, null, Reason.CAPTURE_FAILED, detail, null);
    }

    /** The same outcome with another detail text (a secret scrubbed from it). */
    public PollOutcome withDetail(String newDetail) {
        return new PollOutcome(kind, httpStatus, status, data, error, reason, newDetail, retryAfter);
    }

    public boolean is(Kind k) {
        return kind == k;
    }
}
