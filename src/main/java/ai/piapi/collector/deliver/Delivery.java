package ai.piapi.collector.deliver;

import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.domain.StorageUnavailable;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.files.AtomicFiles;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.PollRecord;
import ai.piapi.collector.ledger.TaskState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery stage's steps around the route's file writes: render what is stored, then settle the task in
 * the ledger once the file is in place (so a crash in between re-polls and rewrites, never loses).
 */
public class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final Ledger ledger;
    private final Tally tally;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Events events;
    private final Path deadLetterDir;
    private final Outage deadLetterStorage;

    /** Dead letters go to {@code deadLetterDir}; a write that fails there is reported to {@code deadLetterStorage}. */
    public Delivery(Ledger ledger, Tally tally, ObjectMapper mapper, Clock clock, Events events, Path deadLetterDir,
                    Outage deadLetterStorage) {
        this.ledger = ledger;
        this.deadLetterDir = deadLetterDir;
        this.deadLetterStorage = deadLetterStorage;
        this.events = events;
        this.tally = tally;
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.clock = clock;
    }

    public String render(Object record) throws JsonProcessingException {
        Object value = record instanceof CompletedTask done ? done.data() : record;
        return mapper.writeValueAsString(value) + "\n";
    }

    /**
     * Writes a dead-letter record as {@code <dead-letter-dir>/<fileName>}, whole or not at all; returns the file. A
     * folder that cannot take it (full, read-only) is an outage: the caller waits it out, no temporary file is left.
     */
    public String storeDeadLetter(String fileName, String json) {
        try {
            String location = AtomicFiles.write(deadLetterDir, fileName, json.getBytes(StandardCharsets.UTF_8)).toString();
            deadLetterStorage.recovered(fileName);
            return location;
        } catch (IOException e) {
            StorageUnavailable full = StorageUnavailable.of("cannot write " + deadLetterDir.resolve(fileName), e);
            deadLetterStorage.failed(fileName, full.kind(), full.getMessage());
            throw full;
        }
    }

    public void settleCompleted(CompletedTask task, String location) {
        if (ledger.settle(task.taskId(), TaskState.COMPLETED, null, location, clock.instant(), events.completed(task, location),
                lastPoll(task))) {
            tally.completed();
            LOG.info("task {} completed after {} poll(s): {}", task.taskId(), task.attempts(), location);
        }
    }

    /** What the poll that found the task completed saw, for the ledger. */
    private static PollRecord lastPoll(CompletedTask task) {
        JsonNode data = task.data();
        return PollRecord.of(task.attempts(), 0, null, null, data == null ? null : data.path("status").asText(null),
                null, null, data);
    }

    public void settleDeadLetter(DeadLetter record, String location) {
        if (!record.isForTask()) {
            ledger.addEvents(events.deadLettered(record, location), clock.instant());
            tally.deadLettered(record.reason());
            LOG.warn("refused input from {} line {} ({}): {}", record.source(), record.line(), record.detail(), location);
            return;
        }
        if (ledger.settle(record.taskId(), TaskState.DEAD, record.reason(), location, clock.instant(), events.deadLettered(record, location))) {
            tally.deadLettered(record.reason());
            LOG.warn("task {} dead-lettered, {}: {}", record.taskId(), record.reason(), record.detail());
        }
    }
}
