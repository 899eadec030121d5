package ai.piapi.collector.deliver;

import ai.piapi.collector.task.CapturedFiles;
import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.ledger.OutboxEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The events the optional broker outputs carry, built when a task settles: CloudEvents 1.0 in structured JSON
 * (docs/events.schema.json), one of type {@value #COMPLETED} per completed task for {@code collector.completed.uri}
 * and one of type {@value #DEAD_LETTERED} per dead letter for {@code collector.dead-letter.uri}. Every location
 * in them is an absolute path or an {@code s3://bucket/key} URI. The event's id is made here, once: a re-sent
 * event is the same event. An output that is not configured gets no event.
 */
public class Events {
    public static final String COMPLETED = "ai.piapi.collector.task.completed";
    public static final String DEAD_LETTERED = "ai.piapi.collector.task.dead_lettered";
    /** The outbox column's size; a larger dead-letter event leaves out the task object and the raw input. */
    static final int PAYLOAD_LIMIT = 1_000_000;

    private static final JsonFormat FORMAT = new JsonFormat();

    private final boolean completedOn;
    private final boolean deadLetterOn;
    private final ObjectMapper mapper;
    private final URI source;
    private final Clock clock;
    private final Supplier<String> ids;

    /** {@code source} is the CloudEvents source of every event; {@code ids} makes each event's id. */
    public Events(boolean completedOn, boolean deadLetterOn, ObjectMapper mapper, URI source, Clock clock,
                  Supplier<String> ids) {
        this.completedOn = completedOn;
        this.deadLetterOn = deadLetterOn;
        this.mapper = mapper;
        this.source = source;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * On for each output whose URI ({@code collector.completed.uri}, {@code collector.dead-letter.uri}) is set; the
     * source is {@code /piapi-collector/<instance>}.
     */
    public static Events from(Function<String, Optional<String>> lookup, ObjectMapper mapper, String instance, Clock clock) {
        URI source = URI.create("/piapi-collector/" + URLEncoder.encode(instance, StandardCharsets.UTF_8));
        return new Events(isSet(lookup, "collector.completed.uri"), isSet(lookup, "collector.dead-letter.uri"), mapper,
                source, clock, () -> UUID.randomUUID().toString());
    }

    /** {@code location}: where {@code <task_id>.json} was stored. */
    public List<OutboxEvent> completed(CompletedTask task, String location) {
        if (!completedOn) {
            return List.of();
        }
        JsonNode result = task.data();
        ObjectNode data = mapper.createObjectNode();
        data.put("task_id", task.taskId());
        data.set("status", textOrNull(result, "status"));
        data.set("model", textOrNull(result, "model"));
        data.set("task_type", textOrNull(result, "task_type"));
        data.put("location", absolute(location));
        CapturedFiles captured = task.files() == null ? CapturedFiles.NONE : task.files();
        data.put("manifest", captured.manifest());
        ArrayNode files = data.putArray("files");
        for (CapturedFiles.Stored stored : captured.files()) {
            ObjectNode file = files.addObject();
            file.put("location", stored.location());
            file.setAll((ObjectNode) mapper.valueToTree(stored.entry()));
        }
        return List.of(new OutboxEvent(OutboxEvent.COMPLETED, task.taskId(), envelope(COMPLETED, task.taskId(), data)));
    }

    /** {@code location}: where the dead-letter record was stored. */
    public List<OutboxEvent> deadLettered(DeadLetter record, String location) {
        if (!deadLetterOn) {
            return List.of();
        }
        String payload = envelope(DEAD_LETTERED, record.taskId(), deadLetterData(record, location));
        if (payload.length() > PAYLOAD_LIMIT) {
            DeadLetter smaller = record.withoutBulk("task object and raw input left out of this event for size: see the file");
            payload = envelope(DEAD_LETTERED, record.taskId(), deadLetterData(smaller, location));
        }
        String name = record.fileName();
        String key = record.isForTask() ? record.taskId() : name.substring(0, name.length() - ".json".length());
        return List.of(new OutboxEvent(OutboxEvent.DEAD_LETTER, key, payload));
    }

    private ObjectNode deadLetterData(DeadLetter record, String location) {
        ObjectNode data = mapper.valueToTree(record);
        data.put("location", absolute(location));
        return data;
    }

    private String envelope(String type, String subject, ObjectNode data) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(ids.get())
                .withSource(source)
                .withType(type)
                .withSubject(subject)
                .withTime(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(JsonCloudEventData.wrap(data))
                .build();
        return new String(FORMAT.serialize(event), StandardCharsets.UTF_8);
    }

    /** A stored location as consumers elsewhere can use it: an absolute path, or a URI (s3://...) as it is. */
    static String absolute(String location) {
        if (location == null || location.contains("://")) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toString();
    }

    private static JsonNode textOrNull(JsonNode data, String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value != null && value.isTextual() ? value : null;
    }

    private static boolean isSet(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty()).isPresent();
    }
}
