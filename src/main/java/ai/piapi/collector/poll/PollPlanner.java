package ai.piapi.collector.poll;

import ai.piapi.collector.schedule.Backoff;
import ai.piapi.collector.format.PiapiTime;
import ai.piapi.collector.settings.PollingSettings;
import ai.piapi.collector.schedule.RunTimeEstimate;
import ai.piapi.collector.schedule.RunTimeKey;
import ai.piapi.collector.schedule.RunTimeSchedule;
import ai.piapi.collector.task.TaskEnded;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * When a task is polled next. Errors back off exponentially (honouring {@code Retry-After}); a running task is
 * planned from its model's learned run times ({@link RunTimeSchedule}; the tasks of the model still running counted
 * in) once the model has enough samples, and by the same exponential backoff until then or with
 * {@code collector.poll.strategy=exponential}. Every task seen to end teaches the {@link RunTimeLearner}, and every
 * poll of a running one tells it that task is still running. The caller caps each wait at the task's deadline; the global poll rate
 * is kept by the claims, whatever a plan asks for.
 */
public class PollPlanner implements TaskEnded {
    private static final Set<String> QUEUED = Set.of("pending", "staged");
    /** Share of collector.poll.jitter applied to a skip-ahead: enough to spread tasks started together, no more. */
    private static final double SKIP_JITTER = 0.25;
    private static final Set<String> LEARNED_FROM = Set.of("completed", "failed");

    private final Backoff backoff;
    private final PollingSettings settings;
    private final RunTimeLearner learner;
    private final double jitter;
    private final DoubleSupplier random;

    public PollPlanner(Backoff backoff, PollingSettings settings, RunTimeLearner learner, double jitter,
                       DoubleSupplier random) {
        this.backoff = backoff;
        this.settings = settings;
        this.learner = learner;
        this.jitter = jitter;
        this.random = random;
    }

    /** The plain exponential schedule (still learning run times, for the figures). */
    public static PollPlanner exponential(Backoff backoff, RunTimeLearner learner) {
        return new PollPlanner(backoff, new PollingSettings(false, Duration.ofSeconds(5), 0.07, 20, Duration.ofSeconds(5)),
                learner, 0, () -> 0);
    }

    /** After the {@code errors}-th transient error in a row (a refusal's own {@code Retry-After} honoured). */
    public Duration afterError(int errors, Duration retryAfter) {
        return backoff.honouring(backoff.delayAfter(errors), retryAfter);
    }

    /** After the {@code polls}-th poll found the task (whose {@code data} it got) still running or queued. */
    public Duration whileRunning(int polls, JsonNode data, Instant firstSeenAt, Instant now) {
        Optional<RunTimeKey> key = RunTimeKey.of(data);
        double elapsedMs = elapsedMs(data, firstSeenAt, now);
        String taskId = data.path("task_id").asText("");
        if (key.isPresent() && !taskId.isEmpty() && !QUEUED.contains(status(data))) {
            learner.running(key.get(), taskId, now.minusMillis(Math.round(elapsedMs)));
        }
        boolean learnedEnough = settings.adaptive() && key.flatMap(learner::learned)
                .filter(h -> h.samples() >= settings.learnMinSamples()).isPresent();
        Optional<RunTimeEstimate> learned = learnedEnough ? key.flatMap(learner::estimate) : Optional.empty();
        if (learned.isEmpty()) {
            return backoff.delayAfter(polls);
        }
        return RunTimeSchedule.wait(learned.get(), elapsedMs, settings.targetDelay(), settings.targetShare(),
                backoff.max(), jitter * SKIP_JITTER * random.getAsDouble());
    }

    /**
     * A poll found the task final: its run time is learned, from PiAPI's {@code meta.started_at}/{@code ended_at}
     * or else from our own sight of it (first seen to found final, only once a poll saw it unfinished).
     */
    @Override
    public void ended(JsonNode data, int polls, Instant firstSeenAt, Instant now) {
        Optional<RunTimeKey> key = RunTimeKey.of(data);
        key.ifPresent(k -> learner.finished(k, data.path("task_id").asText("")));
        if (key.isEmpty() || !LEARNED_FROM.contains(status(data))) {
            return;
        }
        Optional<Instant> started = time(data, "started_at");
        Optional<Instant> ended = time(data, "ended_at");
        Long runMs = null;
        if (started.isPresent() && ended.isPresent() && !ended.get().isBefore(started.get())) {
            runMs = Duration.between(started.get(), ended.get()).toMillis();
        } else if (polls >= 2) {
            Instant from = started.orElse(firstSeenAt);
            runMs = from.isAfter(now) ? null : Duration.between(from, now).toMillis();
        }
        if (runMs != null) {
            learner.observe(key.get(), runMs);
        }
    }

    /** Run time so far: from PiAPI's start time; 0 while queued; from our first sight when PiAPI gave no start. */
    private static double elapsedMs(JsonNode data, Instant firstSeenAt, Instant now) {
        Optional<Instant> started = time(data, "started_at");
        if (started.isPresent()) {
            return Math.max(0, Duration.between(started.get(), now).toMillis());
        }
        return QUEUED.contains(status(data)) ? 0 : Math.max(0, Duration.between(firstSeenAt, now).toMillis());
    }

    private static Optional<Instant> time(JsonNode data, String field) {
        return PiapiTime.parse(data.path("meta").path(field).asText(null));
    }

    private static String status(JsonNode data) {
        return data.path("status").asText("").toLowerCase(Locale.ROOT);
    }
}
