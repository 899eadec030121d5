package ai.piapi.collector.poll;

import ai.piapi.collector.ledger.ClaimedTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a claimed task's GET may go out: at its slot under the global poll rate, and only while its lease still
 * covers the whole poll. A poll that could outlive its lease is skipped: another instance may by then have taken
 * the task over (and settled it), and PiAPI must not be asked about a task that is already settled.
 */
public class PollTurn {
    private static final Logger LOG = LoggerFactory.getLogger(PollTurn.class);

    private final Clock clock;
    private final Duration longestPoll;

    /** {@code longestPoll}: how long a GET can take at most (connect plus read timeout). */
    public PollTurn(Clock clock, Duration longestPoll) {
        this.clock = clock;
        this.longestPoll = longestPoll;
    }

    /** How long the task waits for its slot, rounded up to whole milliseconds (0 without a rate limit). */
    public long millisUntilSlot(ClaimedTask task) {
        long nanos = Duration.between(clock.instant(), task.pollAt()).toNanos();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    /** True when a GET started now would end before the task's lease does. */
    public boolean leaseCoversPoll(ClaimedTask task) {
        Instant end = clock.instant().plus(longestPoll);
        if (end.isBefore(task.leaseUntil())) {
            return true;
        }
        LOG.info("task {}: waited so long for its poll that its lease could run out first; it is left for the next claim",
                task.taskId());
        return false;
    }
}
