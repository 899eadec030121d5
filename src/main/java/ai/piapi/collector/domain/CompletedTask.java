package ai.piapi.collector.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** A task PiAPI reports completed: its {@code data} object (secret redacted) is ready to store. */
public record CompletedTask(String taskId, JsonNode data, int attempts) {
}
