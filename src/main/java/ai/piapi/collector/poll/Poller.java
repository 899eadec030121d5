package ai.piapi.collector.poll;

import ai.piapi.collector.domain.CaptureFailure;
import ai.piapi.collector.domain.CollectorSettings;
import ai.piapi.collector.domain.CompletedTask;
import ai.piapi.collector.domain.DeadLetter;
import ai.piapi.collector.domain.Durations;
import ai.piapi.collector.domain.HeldVerdicts;
import ai.piapi.collector.domain.PollClassifier;
import ai.piapi.collector.domain.PollOutcome;
import ai.piapi.collector.domain.Reason;
import ai.piapi.collector.domain.Redactor;
import ai.piapi.collector.domain.RetryAfter;
import ai.piapi.collector.domain.Tally;
import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.PollRecord;
import ai.piapi.collector.ledger.TaskRecord;
import com.fasterxml.jackson.databind.JsonNode;
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
    public static final String RESCHEDULED = "rescheduled";
    /** What a poll hands back when this instance's lease ran out and another instance took the task over. */
    public static final String LEASE_LOST = "lease-lost";
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final CollectorSettings settings;
    private final Ledger ledger;
    private final PollClassifier classifier;
    private final PollPlanner planner;
    private final AuthGate authGate;
    private final Tally tally;
    private final ObjectMapper mapper;
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
        this.mapper = mapper;
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

    public Object onAnswer(ClaimedTask task, Integer httpStatus, String body, String retryAfter) {
        Instant now = clock.instant();
        Duration wait = RetryAfter.parse(retryAfter, now);
        return decide(task, classifier.classify(httpStatus == null ? 0 : httpStatus, body, wait), now);
    }

    public Object onFailure(ClaimedTask task, Throwable failure) {
        String what = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        String detail = redactor.scrub("no answer from PiAPI: " + what);
        return decide(task, PollOutcome.transientError(null, detail, null), clock.instant());
    }

    /** Storing the verdict failed for a reason that is neither the task's nor an outage (a bug): a transient error. */
    public Object onStoreFailure(ClaimedTask task, Throwable failure) {
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
    public Object onCaptureFailure(ClaimedTask task, CompletedTask done, Exception failure) {
        if (task == null) { // a result pushed by webhook: its lease lapses and the polling backstop captures it again
            return RESCHEDULED;
        }
        Instant now = clock.instant();
        boolean retryable = !(failure instanceof CaptureFailure f) || f.retryable();
        Integer fileStatus = failure instanceof CaptureFailure f ? f.httpStatus() : null;
        String detail = redactor.scrub("output capture failed: " + failure.getMessage());
        PollOutcome outcome = new PollOutcome(PollOutcome.Kind.TRANSIENT, fileStatus, "completed", done.data(), null,
                Reason.CAPTURE_FAILED, detail, null);
        int polls = task.polls() + 1; // the poll that saw it completed
        int errors = task.transientErrors() + 1;
        if (!retryable || errors >= settings.maxTransientErrors()) {
            String why = retryable ? errors + " capture attempts failed, the last: " + detail : detail + " (not retried)";
            return holdForDelivery(task, polls, errors, outcome, now)
                    ? deadLetter(task, Reason.CAPTURE_FAILED, why, polls, outcome, now) : LEASE_LOST;
        }
        return reschedule(task, polls, errors, planner.afterError(errors, null), outcome, now);
    }

    private Object decide(ClaimedTask task, PollOutcome outcome, Instant now) {
        tally.polled(outcome.kind());
        if (outcome.is(PollOutcome.Kind.AUTH_REFUSED)) {
            authGate.refused(outcome.httpStatus(), now);
            record(task, task.polls(), task.transientErrors(), authGate.resumeAt(now), outcome, false);
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
                return holdForDelivery(task, polls, 0, outcome, now)
                        ? new CompletedTask(task.taskId(), outcome.data(), polls) : LEASE_LOST;
            }
            case FINAL_FAILURE -> {
                planner.ended(outcome.data(), polls, task.firstSeenAt(), now);
                return holdForDelivery(task, polls, 0, outcome, now)
                        ? deadLetter(task, outcome.reason(), outcome.detail(), polls, outcome, now) : LEASE_LOST;
            }
            case TRANSIENT -> {
                int errors = task.transientErrors() + 1;
                if (errors >= settings.maxTransientErrors()) {
                    String detail = errors + " transient errors in a row, the last: " + outcome.detail();
                    return holdForDelivery(task, polls, errors, outcome, now)
                            ? deadLetter(task, Reason.ATTEMPTS_EXHAUSTED, detail, polls, outcome, now) : LEASE_LOST;
                }
                return reschedule(task, polls, errors, planner.afterError(errors, outcome.retryAfter()), outcome, now);
            }
            default -> {
                return reschedule(task, polls, 0, planner.whileRunning(polls, outcome.data(), task.firstSeenAt(), now),
                        outcome, now);
            }
        }
    }

    private Object reschedule(ClaimedTask task, int polls, int errors, Duration wait, PollOutcome outcome, Instant now) {
        if (!now.isBefore(task.deadlineAt())) {
            String detail = "not final by the deadline " + task.deadlineAt() + " ("
                    + Durations.format(settings.taskDeadline()) + " after intake); last: " + outcome.detail();
            return holdForDelivery(task, polls, errors, outcome, now)
                    ? deadLetter(task, Reason.DEADLINE_EXCEEDED, detail, polls, outcome, now) : LEASE_LOST;
        }
        Instant next = now.plus(wait);
        record(task, polls, errors, next.isAfter(task.deadlineAt()) ? task.deadlineAt() : next, outcome, false);
        return RESCHEDULED;
    }

    /**
     * Writes a final poll and keeps the lease until the delivery stage settles the task. False when this instance
     * no longer holds the task (its lease ran out and another instance took it over): that one delivers it, not us.
     */
    private boolean holdForDelivery(ClaimedTask task, int polls, int errors, PollOutcome outcome, Instant now) {
        if (record(task, polls, errors, now.plus(settings.lease()), outcome, true)) {
            return true;
        }
        LOG.info("task {}: its lease ran out and another instance took it over; the verdict of this poll is left to it",
                task.taskId());
        return false;
    }

    /** Writes the poll to the ledger; false when the task is no longer open and leased by this instance. */
    private boolean record(ClaimedTask task, int polls, int errors, Instant next, PollOutcome o, boolean keepLease) {
        return ledger.recordPoll(task.taskId(), owner, PollRecord.of(polls, errors, next, keepLease ? next : null,
                o.status(), o.httpStatus(), o.detail(), o.data()));
    }

    private DeadLetter deadLetter(ClaimedTask task, Reason reason, String detail, int polls, PollOutcome o, Instant now) {
        JsonNode last = o.data();
        if (last == null) {
            last = ledger.find(task.taskId()).map(TaskRecord::lastData).map(this::parse).orElse(null);
        }
        return DeadLetter.forTask(task.taskId(), reason, detail, polls, o.httpStatus(), o.error(), last,
                task.firstSeenAt(), now);
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (java.io.IOException unreadable) {
            return null;
        }
    }
}
