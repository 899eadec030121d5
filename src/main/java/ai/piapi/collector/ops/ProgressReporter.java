package ai.piapi.collector.ops;

import ai.piapi.collector.domain.Tally;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The service-mode progress line, while tasks are open. */
public class ProgressReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    private final Ledger ledger;
    private final Tally tally;
    private final Clock clock;
    private Instant lastAt;
    private long lastPolls;

    public ProgressReporter(Ledger ledger, Tally tally, Clock clock) {
        this.ledger = ledger;
        this.tally = tally;
        this.clock = clock;
        this.lastAt = clock.instant();
    }

    public synchronized void report() {
        Instant now = clock.instant();
        long polls = tally.polls();
        double seconds = Math.max(0.001, Duration.between(lastAt, now).toMillis() / 1000.0);
        double rate = (polls - lastPolls) / seconds;
        lastAt = now;
        lastPolls = polls;
        Map<TaskState, Long> counts = ledger.countByState();
        if (counts.get(TaskState.OPEN) > 0) {
            LOG.info(String.format(java.util.Locale.ROOT, "progress: %d open, %d completed, %d dead-lettered, %.1f polls/s",
                    counts.get(TaskState.OPEN), counts.get(TaskState.COMPLETED), counts.get(TaskState.DEAD), rate));
        }
    }
}
