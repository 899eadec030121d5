package ai.piapi.collector.ops.metrics;

import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.format.PiapiTime;
import ai.piapi.collector.task.PollOutcome;
import ai.piapi.collector.task.Reason;
import ai.piapi.collector.schedule.RunTimeKey;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.poll.RunTimeLearner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The collector's own Prometheus metrics, all named {@code piapi_collector_*}. Counts of what happened are read
 * from the {@link Tally} the stages already keep; task counts per state come from the ledger through
 * {@link CachedStateCounts}; captured bytes from the capture stage's own count; the rest is recorded here by the
 * routes and the PiAPI request timer.
 */
public class CollectorMetrics {
    static final Duration[] LATENCY_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
    static final Duration[] DELAY_BUCKETS = seconds(1, 5, 15, 30, 60, 120, 300, 900, 3600, 6 * 3600, 24 * 3600);

    private final MeterRegistry registry;
    // gauges and function counters hold their object weakly: these fields keep them alive
    private final CachedStateCounts states;
    private final LongSupplier capturedBytes;
    private final Clock clock;
    private final Timer captureDelay;
    private final Map<String, Counter> webhookDeliveries = new ConcurrentHashMap<>();
    private final Map<String, Timer> piapiRequests = new ConcurrentHashMap<>();
    private final java.util.Set<RunTimeKey> runTimeKeys = ConcurrentHashMap.newKeySet();

    /** {@code capturedBytes}: bytes of output files the capture stage stored so far. */
    public CollectorMetrics(MeterRegistry registry, Tally tally, CachedStateCounts states, LongSupplier capturedBytes,
                            Clock clock) {
        this.registry = registry;
        this.states = states;
        this.capturedBytes = capturedBytes;
        this.clock = clock;
        for (PollOutcome.Kind kind : PollOutcome.Kind.values()) {
            FunctionCounter.builder("piapi.collector.polls", tally, t -> t.polls(kind))
                    .description("Polls of PiAPI by what the answer meant").tag("outcome", lower(kind.name()))
                    .register(registry);
        }
        FunctionCounter.builder("piapi.collector.completions", tally, Tally::completedCount)
                .description("Tasks stored as completed").register(registry);
        for (Reason reason : Reason.values()) {
            FunctionCounter.builder("piapi.collector.dead.letters", tally, t -> t.deadLetteredFor(reason.code()))
                    .description("Dead letters by reason").tag("reason", reason.code()).register(registry);
        }
        String intake = "Task IDs taken in (files, POST /tasks, webhooks) by result";
        FunctionCounter.builder("piapi.collector.intake", tally, Tally::accepted).tag("result", "accepted")
                .description(intake).register(registry);
        FunctionCounter.builder("piapi.collector.intake", tally, Tally::reopened).tag("result", "reopened")
                .description(intake).register(registry);
        FunctionCounter.builder("piapi.collector.intake", tally, Tally::duplicates).tag("result", "duplicate")
                .description(intake).register(registry);
        for (TaskState state : TaskState.values()) {
            Gauge.builder("piapi.collector.tasks", this.states, s -> s.count(state))
                    .description("Tasks in the ledger by state").tag("state", state.column()).register(registry);
        }
        FunctionCounter.builder("piapi.collector.capture", this.capturedBytes, LongSupplier::getAsLong).baseUnit("bytes")
                .description("Bytes of output files captured").register(registry);
        captureDelay = Timer.builder("piapi.collector.capture.delay").serviceLevelObjectives(DELAY_BUCKETS)
                .description("From PiAPI's meta.ended_at to the task stored").register(registry);
        for (String result : new String[] {"accepted", "duplicate", "refused"}) {
            webhookDelivery(result, 0);
        }
    }

    /** A completed task was stored: how long after PiAPI says it ended (nothing when PiAPI gave no end time). */
    public void stored(CompletedTask task) {
        if (task == null || task.data() == null) {
            return;
        }
        Instant now = clock.instant();
        PiapiTime.parse(task.data().path("meta").path("ended_at").asText(null))
                .filter(ended -> !ended.isAfter(now))
                .ifPresent(ended -> captureDelay.record(Duration.between(ended, now)));
    }

    /**
     * Learned run times per model: the summary {@code piapi_collector_run_time_seconds{model,task_type,quantile}}
     * (0.1, 0.5, 0.9; see {@link RunTimeSummary}) and the gauge {@code piapi_collector_run_time_samples{model,task_type}}
     * (the summary's {@code _count}, kept under its first name), registered as models are learned.
     */
    public void runTimes(RunTimeLearner learner) {
        if (registry instanceof PrometheusMeterRegistry prometheus) { // Micrometer has no summary of given quantiles
            prometheus.getPrometheusRegistry().register(new RunTimeSummary(learner::all));
        }
        Runnable register = () -> learner.all().keySet().forEach(key -> {
            if (runTimeKeys.add(key)) {
                Gauge.builder("piapi.collector.run.time.samples", learner,
                                l -> l.learned(key).map(h -> (double) h.samples()).orElse(0.0))
                        .description("Finished tasks a model's run times were learned from")
                        .tags("model", key.model(), "task_type", key.taskType()).register(registry);
            }
        });
        register.run();
        learner.onShare(register);
    }

    /** One webhook delivery: {@code accepted}, {@code duplicate} or {@code refused}. */
    public void webhookDelivery(String result) {
        webhookDelivery(result, 1);
    }

    /** One request to PiAPI: how long it took and its HTTP status ({@code error} when none came back). */
    public void piapiRequest(Duration took, String status) {
        piapiRequests.computeIfAbsent(status, s -> Timer.builder("piapi.collector.piapi.requests")
                .description("Requests to PiAPI by HTTP status").tag("status", s)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry)).record(took);
    }

    private void webhookDelivery(String result, int n) {
        webhookDeliveries.computeIfAbsent(result, r -> Counter.builder("piapi.collector.webhook.deliveries")
                .description("Webhook deliveries by result").tag("result", r).register(registry)).increment(n);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofMillis(Math.round(values[i] * 1000));
        }
        return out;
    }
}
