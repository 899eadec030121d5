package ai.piapi.collector.deliver;

import ai.piapi.collector.domain.CompletedTask;
import ai.piapi.collector.domain.DeadLetter;
import ai.piapi.collector.ledger.OutboxEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The events the optional broker outputs carry, built when a task settles: for {@code collector.completed.uri}
 * {@code {task_id, status, model, task_type, location, files[]}}, for {@code collector.dead-letter.uri} the
 * dead-letter record as stored. An output that is not configured gets no event.
 */
public class Events {
    /** The outbox column's size; a larger dead-letter event leaves out the task object and the raw input. */
    static final int PAYLOAD_LIMIT = 1_000_000;
    public static final Events NONE = new Events(false, false, new ObjectMapper());

    private final boolean completedOn;
    private final boolean deadLetterOn;
    private final ObjectMapper mapper;

    public Events(boolean completedOn, boolean deadLetterOn, ObjectMapper mapper) {
        this.completedOn = completedOn;
        this.deadLetterOn = deadLetterOn;
        this.mapper = mapper;
    }

    /** On for each output whose URI ({@code collector.completed.uri}, {@code collector.dead-letter.uri}) is set. */
    public static Events from(Function<String, Optional<String>> lookup, ObjectMapper mapper) {
        return new Events(isSet(lookup, "collector.completed.uri"), isSet(lookup, "collector.dead-letter.uri"), mapper);
    }

    public List<OutboxEvent> completed(CompletedTask task, String location) {
        if (!completedOn) {
            return List.of();
        }
        JsonNode data = task.data();
        ObjectNode event = mapper.createObjectNode();
        event.put("task_id", task.taskId());
        event.set("status", data.path("status").isTextual() ? data.get("status") : null);
        event.set("model", data.path("model").isTextual() ? data.get("model") : null);
        event.set("task_type", data.path("task_type").isTextual() ? data.get("task_type") : null);
        event.put("location", location);
        files(location, task.taskId()).forEach(event.putArray("files")::add);
        if (!event.has("files")) {
            event.putArray("files");
        }
        return List.of(new OutboxEvent(OutboxEvent.COMPLETED, task.taskId(), write(event)));
    }

    public List<OutboxEvent> deadLettered(DeadLetter record) {
        if (!deadLetterOn) {
            return List.of();
        }
        String payload = write(record);
        if (payload.length() > PAYLOAD_LIMIT) {
            payload = write(new DeadLetter(record.taskId(), record.reason(),
                    record.detail() + " (task object and raw input left out of this event for size: see the file)",
                    record.attempts(), record.httpStatus(), record.error(), null, record.source(), null, record.line(),
                    record.firstSeenAt(), record.deadLetteredAt()));
        }
        return List.of(new OutboxEvent(OutboxEvent.DEAD_LETTER, record.fileName(), payload));
    }

    /** The task's captured output files: everything under {@code <completed-dir>/<task_id>/}, beside its JSON. */
    private static List<String> files(String location, String taskId) {
        Path folder = Path.of(location).resolveSibling(taskId);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be written as JSON", e);
        }
    }

    private static boolean isSet(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty()).isPresent();
    }
}
