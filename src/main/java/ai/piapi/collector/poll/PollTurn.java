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
 * <p>
 * Under a rate limit, this instance's GETs also start at least one slot apart: tasks that could not go out at
 * their booked slots (a busy machine, a pause) must not catch up all at once and burst past the rate.
 */
public class PollTurn {
    private static final Logger LOG = LoggerFactory.getLogger(PollTurn.class);

    private final Clock clock;
    private final Duration longestPoll;
    private final Duration spacing;
    private Instant nextLocalStart = Instant.EPOCH;

    /**
     * {@code longestPoll}: how long a GET can take at most (connect plus read timeout); {@code spacing}: the
     * rate limit's slot width ({@link Duration#ZERO} without one).
     */
    public PollTurn(Clock clock, Duration longestPoll, Duration spacing) {
        this.clock = clock;
        this.longestPoll = longestPoll;
        this.spacing = spacing;
    }

    /**
     * How long the task waits for its slot, rounded up to whole milliseconds (0 without a rate limit); the slot
     * is then this instance's: the next GET starts at least one slot later.
     */
    public long millisUntilSlot(ClaimedTask task) {
        Instant now = clock.instant();
        Instant start = task.pollAt();
        if (!spacing.isZero()) {
            synchronized (this) {
                start = latest(latest(start, nextLocalStart), now);
                nextLocalStart = start.plus(spacing);
            }
        }
        long nanos = Duration.between(now, start).toNanos();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
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
