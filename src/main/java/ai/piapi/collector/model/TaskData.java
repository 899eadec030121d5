package ai.piapi.collector.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** The typed view of a task's {@code data}; every field may be missing, unknown ones are ignored here and kept in the raw tree. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskData(
        @JsonProperty("task_id") String taskId,
        String model,
        @JsonProperty("task_type") String taskType,
        String status,
        JsonNode input,
        JsonNode output,
        TaskMeta meta,
        String detail,
        TaskError error) {
}
