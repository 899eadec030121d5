package ai.piapi.collector.ops;

import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.poll.RunTimeLearner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The service-mode progress line while tasks are open, and the learned run times whenever they changed. */
public class ProgressReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    private final Ledger ledger;
    private final Tally tally;
    private final RunTimeLearner learner;
    private final Clock clock;
    private Instant lastAt;
    private long lastPolls;
    private String lastLearned = "";

    public ProgressReporter(Ledger ledger, Tally tally, RunTimeLearner learner, Clock clock) {
        this.ledger = ledger;
        this.tally = tally;
        this.learner = learner;
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
        String learned = learnedRunTimes();
        if (!learned.isEmpty() && !learned.equals(lastLearned)) {
            LOG.info("run times learned: {}", learned);
            lastLearned = learned;
        }
    }

    /** Per model: samples, and the 10th, 50th and 90th percentile of run time. */
    public String learnedRunTimes() {
        StringBuilder out = new StringBuilder();
        learner.all().forEach((key, h) -> out.append(out.length() == 0 ? "" : "; ").append(String.format(
                java.util.Locale.ROOT, "%s: %d samples, p10 %.1f s, p50 %.1f s, p90 %.1f s", key, h.samples(),
                h.quantile(0.1) / 1000, h.quantile(0.5) / 1000, h.quantile(0.9) / 1000)));
        return out.toString();
    }
}
