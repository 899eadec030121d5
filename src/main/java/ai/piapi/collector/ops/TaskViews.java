package ai.piapi.collector.ops;

import ai.piapi.collector.http.RequestRefused;
import ai.piapi.collector.task.TaskId;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /tasks/{id}}: the ledger's view of a task, for operators (also each task of {@code GET /tasks}). */
public class TaskViews {
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

    public static Map<String, Object> view(TaskRecord r) {
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

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
