package ai.piapi.collector.task;

import java.util.Locale;

/** The contract's dead-letter reasons; {@link #code()} is what files and logs carry. */
public enum Reason {
    TASK_FAILED, TASK_CANCELLED, NOT_FOUND, REJECTED, ATTEMPTS_EXHAUSTED, DEADLINE_EXCEEDED,
    INVALID_TASK_ID, CAPTURE_FAILED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Reason fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
