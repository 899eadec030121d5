package ai.piapi.collector.domain;

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

    public static PollOutcome transientError(Integer httpStatus, String detail, Duration retryAfter) {
        return new PollOutcome(Kind.TRANSIENT, httpStatus, null, null, null, null, detail, retryAfter);
    }

    public boolean is(Kind k) {
        return kind == k;
    }
}
