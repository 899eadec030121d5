package ai.piapi.collector.ledger;

import java.time.Instant;
import java.util.List;

/**
 * Which tasks an operator asks for (every field optional, all given ones must hold): state, dead-letter reason,
 * model, source, settled in [{@code settledSince}, {@code settledUntil}), or one of {@code taskIds}.
 */
public record TaskFilter(TaskState state, String reason, String model, String source, Instant settledSince,
                         Instant settledUntil, List<String> taskIds) {
    public TaskFilter {
        taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
    }

    public static TaskFilter any() {
        return new TaskFilter(null, null, null, null, null, null, List.of());
    }
}
