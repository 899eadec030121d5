package ai.piapi.collector.webhook;

import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.task.PollOutcome;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.task.TaskEnded;
import ai.piapi.collector.task.Verdict;
import ai.piapi.collector.schedule.WebhookSchedule;
import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.PollRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The ledger side of a pushed result, for a task this delivery holds the lease of: a final one is recorded
 * (lease kept) and becomes the same {@link CompletedTask} / {@link DeadLetter} a poll would hand over; a running
 * one is recorded, its next poll moved by {@link WebhookSchedule}, and the lease released.
 */
public class WebhookVerdicts {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookVerdicts.class);

    private final WebhookSettings settings;
    private final Ledger ledger;
    private final WebhookSchedule schedule;
    private final Tally tally;
    private final TaskEnded planner;

    /** @param planner learns the run time of each task a webhook reports ended, as a poll that found it would */
    public WebhookVerdicts(WebhookSettings settings, Ledger ledger, WebhookSchedule schedule, Tally tally,
                           TaskEnded planner) {
        this.settings = settings;
        this.ledger = ledger;
        this.schedule = schedule;
        this.tally = tally;
        this.planner = planner;
    }

    /**
     * A task PiAPI pushed before anyone fed it to the collector: admitted like any intake, source {@code webhook},
     * and leased in the same transaction, so no poll claims it before this delivery settles it.
     */
    Optional<ClaimedTask> admitLeased(String taskId, Instant now) {
        Optional<ClaimedTask> claimed = ledger.admitLeased(taskId, WebhookReceiver.SOURCE, now,
                now.plus(settings.taskDeadline()), settings.owner(), now.plus(settings.lease()));
        if (claimed.isPresent()) {
            tally.admitted(1, 0, 0);
            try (MDC.MDCCloseable context = MDC.putCloseable("task_id", taskId)) { // the log context of a task's lines
                LOG.info("webhook: task {} was not in the ledger, added", taskId);
            }
        }
        return claimed;
    }

    Optional<ClaimedTask> lease(String taskId, Instant now) {
        return ledger.lease(taskId, now, settings.owner(), now.plus(settings.lease()));
    }

    /** The verdict for the hand-over route; {@link Verdict#RESCHEDULED} when the task stays open (not final). */
    Verdict settle(ClaimedTask task, PollOutcome outcome, Instant scheduled, Instant now) {
        if (outcome.is(PollOutcome.Kind.RUNNING)) {
            Instant next = schedule.nextPoll(outcome.status(), scheduled == null ? now : scheduled, now, task.deadlineAt());
            record(task, outcome, next, null);
            return Verdict.RESCHEDULED;
        }
        planner.ended(outcome.data(), task.polls() + 1, task.firstSeenAt(), now); // + 1: this sighting
        Instant leaseUntil = now.plus(settings.lease());
        record(task, outcome, leaseUntil, leaseUntil);
        if (outcome.is(PollOutcome.Kind.COMPLETED)) {
            return new CompletedTask(task.taskId(), outcome.data(), task.polls());
        }
        return DeadLetter.forTask(task.taskId(), outcome.reason(), outcome.detail() + " (reported by webhook)",
                task.polls(), null, outcome.error(), outcome.data(), task.firstSeenAt(), now);
    }

    private void record(ClaimedTask task, PollOutcome o, Instant next, Instant leaseUntil) {
        ledger.recordPoll(task.taskId(), settings.owner(), PollRecord.of(task.polls(), task.transientErrors(), next,
                leaseUntil, o.status(), null, o.detail(), o.data()));
    }
}
