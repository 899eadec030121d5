package ai.piapi.collector.deliver;

import ai.piapi.collector.domain.CompletedTask;
import ai.piapi.collector.domain.DeadLetter;
import ai.piapi.collector.domain.Tally;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.PollRecord;
import ai.piapi.collector.ledger.TaskState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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

    public Delivery(Ledger ledger, Tally tally, ObjectMapper mapper, Clock clock, Events events) {
        this.ledger = ledger;
        this.events = events;
        this.tally = tally;
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.clock = clock;
    }

    public String render(Object record) throws JsonProcessingException {
        Object value = record instanceof CompletedTask done ? done.data() : record;
        return mapper.writeValueAsString(value) + "\n";
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
