package ai.piapi.collector.ledger;

import java.time.Instant;

/** One ledger row as read back. */
public record TaskRecord(String taskId, TaskState state, String source, Instant firstSeenAt, Instant deadlineAt,
                         Instant nextPollAt, int polls, int transientErrors, int duplicates, int reopened,
                         String lastStatus, Integer lastHttpStatus, String lastError, String lastData,
                         String model, String taskType, String reason, String location, Instant settledAt) {
}
