package ai.piapi.collector.ledger;

import java.time.Instant;

/** A task leased for one poll, with what the poller needs to decide its next step. */
public record ClaimedTask(String taskId, int polls, int transientErrors, Instant firstSeenAt, Instant deadlineAt) {
}
