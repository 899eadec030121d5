package ai.piapi.collector.task;

import java.util.regex.Pattern;

/** The contract's task ID rule: only IDs that pass may reach a path, a URL or the ledger. */
public final class TaskId {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private TaskId() {
    }

    public static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    /** Why a candidate is refused, in words for the dead-letter record. */
    public static String whyInvalid(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return "empty task ID";
        }
        if (candidate.length() > 128) {
            return "task ID longer than 128 characters";
        }
        return "task ID must match [A-Za-z0-9][A-Za-z0-9_-]{0,127}";
    }
}
