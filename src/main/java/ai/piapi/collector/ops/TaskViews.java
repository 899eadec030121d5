package ai.piapi.collector.ops;

import ai.piapi.collector.http.RequestRefused;
import ai.piapi.collector.task.TaskId;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code GET /tasks/{id}} and {@code GET /tasks}: the ledger's view of tasks, for operators. */
public class TaskViews {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Ledger ledger;

    public TaskViews(Ledger ledger) {
        this.ledger = ledger;
    }

    public Map<String, Object> show(String taskId) {
        if (!TaskId.isValid(taskId)) {
            throw RequestRefused.notFound("no such task");
        }
        return ledger.find(taskId).map(TaskViews::view).orElseThrow(() -> RequestRefused.notFound("no such task"));
    }

    /** A page in task_id order; {@code next_after} is the {@code after} of the next page, null on the last one. */
    public Map<String, Object> list(String state, String limit, String after) {
        TaskState wanted = state(state);
        int size = limit(limit);
        if (after != null && !after.isEmpty() && !TaskId.isValid(after)) {
            throw RequestRefused.malformed("after must be a task ID");
        }
        List<TaskRecord> page = ledger.list(wanted, after == null || after.isEmpty() ? null : after, size);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", page.stream().map(TaskViews::view).toList());
        out.put("next_after", page.size() < size ? null : page.get(page.size() - 1).taskId());
        return out;
    }

    static Map<String, Object> view(TaskRecord r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("task_id", r.taskId());
        v.put("state", r.state().column());
        v.put("source", r.source());
        v.put("attempts", r.polls());
        v.put("transient_errors", r.transientErrors());
        v.put("next_poll_at", r.state() == TaskState.OPEN ? text(r.nextPollAt()) : null);
        v.put("deadline_at", text(r.deadlineAt()));
        v.put("last_status", r.lastStatus());
        v.put("last_http_status", r.lastHttpStatus());
        v.put("last_error", r.lastError());
        v.put("model", r.model());
        v.put("task_type", r.taskType());
        v.put("reason", r.reason());
        v.put("location", r.location());
        v.put("duplicates", r.duplicates());
        v.put("reopened", r.reopened());
        v.put("first_seen_at", text(r.firstSeenAt()));
        v.put("settled_at", text(r.settledAt()));
        return v;
    }

    private static TaskState state(String state) {
        if (state == null || state.isEmpty()) {
            return null;
        }
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "open" -> TaskState.OPEN;
            case "completed" -> TaskState.COMPLETED;
            case "dead" -> TaskState.DEAD;
            default -> throw RequestRefused.malformed("state must be open, completed or dead");
        };
    }

    private static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw RequestRefused.malformed("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
