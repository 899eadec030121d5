package ai.piapi.collector.task;

import com.fasterxml.jackson.databind.JsonNode;

/** A task PiAPI reports completed: its {@code data} object (secret redacted) is ready to store, with its captured files. */
public record CompletedTask(String taskId, JsonNode data, int attempts, CapturedFiles files) implements Verdict {

    /** A task whose output files are not captured (yet). */
    public CompletedTask(String taskId, JsonNode data, int attempts) {
        this(taskId, data, attempts, CapturedFiles.NONE);
    }

    public CompletedTask withFiles(CapturedFiles captured) {
        return new CompletedTask(taskId, data, attempts, captured);
    }

    @Override
    public String kind() {
        return COMPLETED;
    }
}
