package ai.piapi.collector.ledger;

import java.time.Instant;

/** The ledger's view of one poll: counters after it, when to poll next, and what was seen (secret-free). */
public record PollRecord(int polls, int transientErrors, Instant nextPollAt, Instant leaseUntil,
                         String lastStatus, Integer httpStatus, String lastError, String lastData,
                         String model, String taskType) {
}
