package ai.piapi.collector.ledger;

import java.time.Instant;

/**
 * A task leased for one poll, with what the poller needs to decide its next step: its lease ends at
 * {@code leaseUntil}, and its poll may start at {@code pollAt} (its slot under the global poll rate).
 */
public record ClaimedTask(String taskId, int polls, int transientErrors, Instant firstSeenAt, Instant deadlineAt,
                          Instant leaseUntil, Instant pollAt) {
}
