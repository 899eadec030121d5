package ai.piapi.collector.task;

import java.util.Locale;

/** PiAPI's task status, compared case-insensitively; anything unknown is treated as still running. */
public enum TaskStatus {
    COMPLETED, FAILED, CANCELLED, RUNNING;

    public static TaskStatus of(String status) {
        if (status == null) {
            return RUNNING;
        }
        return switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "completed" -> COMPLETED;
            case "failed" -> FAILED;
            case "cancelled", "canceled" -> CANCELLED;
            default -> RUNNING; // pending, staged, processing, running, in_progress, and statuses not seen yet
        };
    }

    public boolean isFinal() {
        return this != RUNNING;
    }
}
