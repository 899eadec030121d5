package ai.piapi.collector.poll;

import ai.piapi.collector.task.CaptureFailure;
import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.format.Durations;
import ai.piapi.collector.task.HeldVerdicts;
import ai.piapi.collector.task.PollClassifier;
import ai.piapi.collector.task.PollOutcome;
import ai.piapi.collector.task.Reason;
import ai.piapi.collector.domain.Redactor;
import ai.piapi.collector.schedule.RetryAfter;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.task.Verdict;
import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.Ledger;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling stage's decisions: which tasks to poll now, and what each answer means for the task
 * (reschedule as the {@link PollPlanner} plans, or hand a {@link CompletedTask} / {@link DeadLetter} to the route).
 */
public class Poller {
    /** What a poll hands back when the task simply waits for its next poll. */
    public static final Verdict RESCHEDULED = Verdict.RESCHEDULED;
    /** What a poll hands back when this instance's lease ran out and another instance took the task over. */
    public static final Verdict LEASE_LOST = Verdict.LEASE_LOST;
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final CollectorSettings settings;
    private final Ledger ledger;
    private final PollClassifier classifier;
    private final PollPlanner planner;
    private final AuthGate authGate;
    private final Tally tally;
    private final PollWriter writer;
    private final Clock clock;
    private final String owner;
    private final HeldVerdicts held;
    private final Redactor redactor;

    public Poller(CollectorSettings settings, Ledger ledger, PollPlanner planner, AuthGate authGate, Tally tally,
                  ObjectMapper mapper, Clock clock, String owner) {
        this(settings, ledger, planner, authGate, tally, mapper, clock, owner, new HeldVerdicts(clock));
    }

    /** {@code held}: tasks whose verdict waits out an outage in this process; they are not claimed meanwhile. */
    public Poller(CollectorSettings settings, Ledger ledger, PollPlanner planner, AuthGate authGate, Tally tally,
                  ObjectMapper mapper, Clock clock, String owner, HeldVerdicts held) {
        this(settings, ledger, planner, authGate, tally, mapper, clock, owner, held, new Redactor(List.of(settings.apiKey())));
    }

    /** {@code redactor}: every configured secret, masked in whatever an answer or a failure says. */
    public Poller(CollectorSettings settings, Ledger ledger, PollPlanner planner, AuthGate authGate, Tally tally,
                  ObjectMapper mapper, Clock clock, String owner, HeldVerdicts held, Redactor redactor) {
        this.held = held;
        this.redactor = redactor;
        this.settings = settings;
        this.ledger = ledger;
        this.classifier = new PollClassifier(mapper, redactor);
        this.planner = planner;
        this.authGate = authGate;
        this.tally = tally;
        this.writer = new PollWriter(ledger, owner, settings.lease(), mapper);
        this.clock = clock;
        this.owner = owner;
    }

    /**
     * Leases up to one batch (twice the concurrency) of due tasks. The route hands them to a bounded queue
     * that blocks when the pollers are busy, and claims again at once while batches come back full.
     */
    public List<ClaimedTask> claimDueTasks() {
        Instant now = clock.instant();
        int room = authGate.allowance(batchSize(), now);
        if (room <= 0) {
            return List.of();
        }
        List<ClaimedTask> claimed = ledger.claimDue(room, now, owner, now.plus(settings.lease()));
        // a task whose verdict still waits out an outage here (its lease ran out meanwhile) is not polled twice
        return claimed.stream().anyMatch(t -> held.isHeld(t.taskId()))
                ? claimed.stream().filter(t -> !held.isHeld(t.taskId())).toList() : claimed;
    }

    /** True when a claim filled a whole batch: more tasks are probably due. */
    public boolean isFullBatch(List<ClaimedTask> claimed) {
        return claimed.size() >= batchSize();
    }

    private int batchSize() {
        return settings.concurrency() * 2;
    }

    public Verdict onAnswer(ClaimedTask task, Integer httpStatus, String body, String retryAfter) {
        Instant now = clock.instant();
        Duration wait = RetryAfter.parse(retryAfter, now);
        return decide(task, classifier.classify(httpStatus == null ? 0 : httpStatus, body, wait), now);
    }

    /**
     * The poll of {@code task} got no answer (or its answer could not be classified: a bug, logged): a transient
     * error of the task. The one place a failed poll is handed to.
     */
    public Verdict onFailure(ClaimedTask task, Throwable failure) {
        if (!isNoAnswer(failure)) {
            LOG.error("poll of task {} could not finish: {}; it is retried with backoff", task.taskId(), failure.getMessage());
        }
        String what = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        String detail = redactor.scrub("no answer from PiAPI: " + what);
        return decide(task, PollOutcome.transientError(null, detail, null), clock.instant());
    }

    /** PiAPI gave no answer (connection, timeout): the task's transient error, not ours to log. */
    private static boolean isNoAnswer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** Storing the verdict failed for a reason that is neither the task's nor an outage (a bug): a transient error. */
    public Verdict onStoreFailure(ClaimedTask task, Throwable failure) {
        if (task == null) {
            return RESCHEDULED;
        }
        String what = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        String detail = redactor.scrub("storing the result failed: " + what);
        return decide(task, PollOutcome.transientError(null, detail, null), clock.instant());
    }

    /**
     * The completed task's files could not be captured: a transient error of the task (backoff, counted against
     * {@code collector.max-transient-errors}) unless retrying cannot help; giving up dead-letters it capture_failed.
     */
    public Verdict onCaptureFailure(ClaimedTask task, CompletedTask done, Exception failure) {
        if (task == null) { // a result pushed by webhook: its lease lapses and the polling backstop captures it again
            return RESCHEDULED;
        }
        Instant now = clock.instant();
        boolean retryable = !(failure instanceof CaptureFailure f) || f.retryable();
        Integer fileStatus = failure instanceof CaptureFailure f ? f.httpStatus() : null;
        String detail = redactor.scrub("output capture failed: " + failure.getMessage());
        PollOutcome outcome = PollOutcome.captureFailed(fileStatus, done.data(), detail);
        int polls = task.polls() + 1; // the poll that saw it completed
        int errors = task.transientErrors() + 1;
        if (!retryable || errors >= settings.maxTransientErrors()) {
            String why = retryable ? errors + " capture attempts failed, the last: " + detail : detail + " (not retried)";
            return writer.deadLetter(task, polls, errors, Reason.CAPTURE_FAILED, why, outcome, now);
        }
        return reschedule(task, polls, errors, planner.afterError(errors, null), outcome, now);
    }

    private Verdict decide(ClaimedTask task, PollOutcome outcome, Instant now) {
        tally.polled(outcome.kind());
        if (outcome.is(PollOutcome.Kind.AUTH_REFUSED)) {
            authGate.refused(outcome.httpStatus(), now);
            writer.record(task, task.polls(), task.transientErrors(), authGate.resumeAt(now), outcome, false);
            return RESCHEDULED;
        }
        authGate.accepted();
        int polls = task.polls() + 1;
        switch (outcome.kind()) {
            case COMPLETED -> {
                planner.ended(outcome.data(), polls, task.firstSeenAt(), now);
                if (settings.embeddedLedger()) { // one process holds every lease: storage settles the poll with the task
                    return new CompletedTask(task.taskId(), outcome.data(), polls);
                }
                return writer.completed(task, polls, outcome, now);
            }
            case FINAL_FAILURE -> {
                planner.ended(outcome.data(), polls, task.firstSeenAt(), now);
                return writer.deadLetter(task, polls, 0, outcome.reason(), outcome.detail(), outcome, now);
            }
            case TRANSIENT -> {
                int errors = task.transientErrors() + 1;
                if (errors >= settings.maxTransientErrors()) {
                    String detail = errors + " transient errors in a row, the last: " + outcome.detail();
                    return writer.deadLetter(task, polls, errors, Reason.ATTEMPTS_EXHAUSTED, detail, outcome, now);
                }
                return reschedule(task, polls, errors, planner.afterError(errors, outcome.retryAfter()), outcome, now);
            }
            default -> {
                return reschedule(task, polls, 0, planner.whileRunning(polls, outcome.data(), task.firstSeenAt(), now),
                        outcome, now);
            }
        }
    }

    private Verdict reschedule(ClaimedTask task, int polls, int errors, Duration wait, PollOutcome outcome, Instant now) {
        if (!now.isBefore(task.deadlineAt())) {
            String detail = "not final by the deadline " + task.deadlineAt() + " ("
                    + Durations.format(settings.taskDeadline()) + " after intake); last: " + outcome.detail();
            return writer.deadLetter(task, polls, errors, Reason.DEADLINE_EXCEEDED, detail, outcome, now);
        }
        Instant next = now.plus(wait);
        writer.record(task, polls, errors, next.isAfter(task.deadlineAt()) ? task.deadlineAt() : next, outcome, false);
        return RESCHEDULED;
    }
}
