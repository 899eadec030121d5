package ai.piapi.collector.poll;

import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.PollRecord;
import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.task.PollOutcome;
import ai.piapi.collector.task.Reason;
import ai.piapi.collector.task.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this instance's polls of a task to the ledger. A final poll keeps the lease until the delivery stage
 * settles the task and becomes its verdict; when this instance no longer holds the task (its lease ran out and
 * another instance took it over) the verdict is {@link Verdict#LEASE_LOST}: that one delivers it, not us.
 */
final class PollWriter {
    private static final Logger LOG = LoggerFactory.getLogger(PollWriter.class);

    private final Ledger ledger;
    private final String owner;
    private final Duration lease;
    private final ObjectMapper mapper;

    PollWriter(Ledger ledger, String owner, Duration lease, ObjectMapper mapper) {
        this.ledger = ledger;
        this.owner = owner;
        this.lease = lease;
        this.mapper = mapper;
    }

    /** Writes the poll; false when the task is no longer open and leased by this instance. */
    boolean record(ClaimedTask task, int polls, int errors, Instant next, PollOutcome o, boolean keepLease) {
        return ledger.recordPoll(task.taskId(), owner, PollRecord.of(polls, errors, next, keepLease ? next : null,
                o.status(), o.httpStatus(), o.detail(), o.data()));
    }

    Verdict completed(ClaimedTask task, int polls, PollOutcome outcome, Instant now) {
        return holdForDelivery(task, polls, 0, outcome, now)
                ? new CompletedTask(task.taskId(), outcome.data(), polls) : Verdict.LEASE_LOST;
    }

    Verdict deadLetter(ClaimedTask task, int polls, int errors, Reason reason, String detail, PollOutcome outcome,
                       Instant now) {
        if (!holdForDelivery(task, polls, errors, outcome, now)) {
            return Verdict.LEASE_LOST;
        }
        JsonNode last = outcome.data();
        if (last == null) {
            last = ledger.find(task.taskId()).map(TaskRecord::lastData).map(this::parse).orElse(null);
        }
        return DeadLetter.forTask(task.taskId(), reason, detail, polls, outcome.httpStatus(), outcome.error(), last,
                task.firstSeenAt(), now);
    }

    private boolean holdForDelivery(ClaimedTask task, int polls, int errors, PollOutcome outcome, Instant now) {
        if (record(task, polls, errors, now.plus(lease), outcome, true)) {
            return true;
        }
        LOG.info("task {}: its lease ran out and another instance took it over; the verdict of this poll is left to it",
                task.taskId());
        return false;
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException unreadable) {
            return null;
        }
    }
}
