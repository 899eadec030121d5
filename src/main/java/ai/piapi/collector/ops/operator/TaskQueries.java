package ai.piapi.collector.ops.operator;

import ai.piapi.collector.ledger.TaskFilter;
import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskSearch;
import ai.piapi.collector.ops.TaskViews;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /tasks}: the ledger filtered by state, reason, model, source and settled time, a page at a time in
 * task_id order; {@code next_after} is the {@code after} of the next page (null on the last one).
 */
public class TaskQueries {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final TaskSearch search;
    private final Clock clock;

    public TaskQueries(TaskSearch search, Clock clock) {
        this.search = search;
        this.clock = clock;
    }

    public Map<String, Object> list(Map<String, Object> query) {
        TaskFilter filter = new TaskFilter(OperatorParams.state(text(query, "state")),
                OperatorParams.reason(text(query, "reason")),
                OperatorParams.label("model", text(query, "model"), 128),
                OperatorParams.label("source", text(query, "source"), 512),
                OperatorParams.time("settled_since", text(query, "settled_since"), clock),
                OperatorParams.time("settled_until", text(query, "settled_until"), clock), List.of());
        int size = OperatorParams.limit(text(query, "limit"), DEFAULT_LIMIT, MAX_LIMIT);
        List<TaskRecord> page = search.page(filter, OperatorParams.taskId("after", text(query, "after")), size);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", page.stream().map(TaskViews::view).toList());
        out.put("next_after", page.size() < size ? null : page.get(page.size() - 1).taskId());
        return out;
    }

    /** A query parameter as Camel hands it over (a repeated one comes as a list: the first counts). */
    static String text(Map<String, Object> query, String name) {
        Object value = query.get(name);
        if (value instanceof List<?> many) {
            value = many.isEmpty() ? null : many.get(0);
        }
        return value == null ? null : value.toString();
    }
}
