package ai.piapi.collector.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** What run times are learned per: PiAPI's {@code model} and {@code task_type} (either may be empty). */
public record RunTimeKey(String model, String taskType) {
    private static final int MAX = 128;

    public RunTimeKey {
        model = clip(model);
        taskType = clip(taskType);
    }

    /** The key of a task's {@code data}; empty when PiAPI named no model. */
    public static Optional<RunTimeKey> of(JsonNode data) {
        if (data == null) {
            return Optional.empty();
        }
        String model = data.path("model").asText("");
        if (model.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new RunTimeKey(model, data.path("task_type").asText("")));
    }

    @Override
    public String toString() {
        return taskType.isEmpty() ? model : model + " " + taskType;
    }

    private static String clip(String s) {
        String v = s == null ? "" : s.strip();
        return v.length() <= MAX ? v : v.substring(0, MAX);
    }
}
