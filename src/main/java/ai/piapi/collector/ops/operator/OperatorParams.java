package ai.piapi.collector.ops.operator;

import ai.piapi.collector.format.Durations;
import ai.piapi.collector.task.Reason;
import ai.piapi.collector.http.RequestRefused;
import ai.piapi.collector.task.TaskId;
import ai.piapi.collector.ledger.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The operator API's parameters: each one read the same way by search and replay, refused with a 400 that names it. */
final class OperatorParams {
    private OperatorParams() {
    }

    /** An ISO-8601 instant ({@code 2026-12-01T06:00:00Z}) or a time ago in the contract's durations ({@code 6h}). */
    static Instant time(String name, String value, Clock clock) {
        if (blank(value)) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return clock.instant().minus(Durations.parse(value));
            } catch (IllegalArgumentException notADuration) {
                throw RequestRefused.malformed(name + " must be an ISO-8601 time (2026-12-01T06:00:00Z) or a time ago (30m, 6h, 1d)");
            }
        }
    }

    static TaskState state(String value) {
        if (blank(value)) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "open" -> TaskState.OPEN;
            case "completed" -> TaskState.COMPLETED;
            case "dead" -> TaskState.DEAD;
            default -> throw RequestRefused.malformed("state must be open, completed or dead");
        };
    }

    /** A dead-letter reason: one of the contract's codes (a typo would match nothing and say nothing). */
    static String reason(String value) {
        if (blank(value)) {
            return null;
        }
        for (Reason r : Reason.values()) {
            if (r.code().equals(value.strip())) {
                return r.code();
            }
        }
        throw RequestRefused.malformed("reason must be one of " + Arrays.stream(Reason.values()).map(Reason::code)
                .collect(Collectors.joining(", ")));
    }

    /** A label (model, source): any text up to the ledger's column size. */
    static String label(String name, String value, int max) {
        if (blank(value)) {
            return null;
        }
        if (value.length() > max) {
            throw RequestRefused.malformed(name + " is longer than " + max + " characters");
        }
        return value;
    }

    static String taskId(String name, String value) {
        if (blank(value)) {
            return null;
        }
        if (!TaskId.isValid(value)) {
            throw RequestRefused.malformed(name + " must be a task ID");
        }
        return value;
    }

    static int limit(String value, int byDefault, int max) {
        if (blank(value)) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw RequestRefused.malformed("limit must be a whole number from 1 to " + max);
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
