package ai.piapi.collector.poll;

import ai.piapi.collector.schedule.RunTimeEstimate;
import ai.piapi.collector.schedule.RunTimeHistogram;
import ai.piapi.collector.schedule.RunTimeKey;
import ai.piapi.collector.ledger.LedgerException;
import ai.piapi.collector.ledger.RunTimeStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this collector knows of each model's run times. A finished task teaches this instance at once; every
 * {@code collector.poll.learn-share-interval} the new samples are merged into the ledger and every instance's
 * figures read back, so they survive restarts and are shared on PostgreSQL. A merge that fails keeps its samples
 * for the next one.
 * <p>
 * It also keeps the tasks of each model it saw still running (up to {@value #RUNNING_KEPT} per model, each
 * forgotten once unseen for a while), so the {@link RunTimeEstimate} the schedule plans from counts them too.
 */
public class RunTimeLearner {
    private static final Logger LOG = LoggerFactory.getLogger(RunTimeLearner.class);
    static final int RUNNING_KEPT = 4_096;
    private static final long ESTIMATE_FOR_MS = 1_000;

    private final RunTimeStore store;
    private final Clock clock;
    private final Map<RunTimeKey, RunTimeHistogram> learned = new ConcurrentHashMap<>();
    private final Map<RunTimeKey, List<Long>> unshared = new HashMap<>(); // guarded by this
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<RunTimeKey, Map<String, Sighting>> running = new ConcurrentHashMap<>();
    private final Map<RunTimeKey, Estimate> estimates = new ConcurrentHashMap<>();
    private final Duration forgetAfter;
    private boolean failing;

    private record Sighting(long startedAtMs, long seenAtMs) {
    }

    private record Estimate(RunTimeEstimate estimate, long madeAtMs) {
    }

    public RunTimeLearner(RunTimeStore store, Clock clock) {
        this(store, clock, Duration.ofMinutes(5));
    }

    /** @param forgetAfter a running task not seen again for this long is no longer counted as running */
    public RunTimeLearner(RunTimeStore store, Clock clock, Duration forgetAfter) {
        this.store = store;
        this.clock = clock;
        this.forgetAfter = forgetAfter;
    }

    /**
     * The distribution to plan from: the learned figures with this instance's running tasks of the model counted
     * in; made again at most once a second.
     */
    public Optional<RunTimeEstimate> estimate(RunTimeKey key) {
        RunTimeHistogram figures = learned.get(key);
        if (figures == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        Estimate made = estimates.get(key);
        if (made == null || now - made.madeAtMs() >= ESTIMATE_FOR_MS) {
            made = new Estimate(RunTimeEstimate.of(figures, runningFor(key, now)), now);
            estimates.put(key, made);
        }
        return Optional.of(made.estimate());
    }

    /** A poll saw task {@code taskId} of {@code key} running since {@code startedAt}. */
    public void running(RunTimeKey key, String taskId, Instant startedAt) {
        Map<String, Sighting> tasks = running.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        if (tasks.size() < RUNNING_KEPT || tasks.containsKey(taskId)) {
            tasks.put(taskId, new Sighting(startedAt.toEpochMilli(), clock.millis()));
        }
    }

    /** Task {@code taskId} of {@code key} is final (or no longer this instance's to poll). */
    public void finished(RunTimeKey key, String taskId) {
        Map<String, Sighting> tasks = running.get(key);
        if (tasks != null) {
            tasks.remove(taskId);
        }
    }

    private double[] runningFor(RunTimeKey key, long now) {
        Map<String, Sighting> tasks = running.get(key);
        if (tasks == null) {
            return new double[0];
        }
        tasks.values().removeIf(s -> now - s.seenAtMs() > forgetAfter.toMillis());
        return tasks.values().stream().mapToDouble(s -> Math.max(0, now - s.startedAtMs())).toArray();
    }

    /** The figures of one model, if any task of it was seen to finish. */
    public Optional<RunTimeHistogram> learned(RunTimeKey key) {
        return Optional.ofNullable(learned.get(key));
    }

    /** Every model's figures, by name. */
    public Map<RunTimeKey, RunTimeHistogram> all() {
        Map<RunTimeKey, RunTimeHistogram> sorted = new TreeMap<>(java.util.Comparator.comparing(RunTimeKey::toString));
        sorted.putAll(learned);
        return sorted;
    }

    /** {@code listener} runs after each share (the metrics register gauges for models new to them). */
    public void onShare(Runnable listener) {
        listeners.add(listener);
    }

    /** One finished task of {@code key} ran {@code runTimeMs}. */
    public synchronized void observe(RunTimeKey key, long runTimeMs) {
        learned.merge(key, RunTimeHistogram.empty().with(runTimeMs), (old, ignored) -> old.with(runTimeMs));
        unshared.computeIfAbsent(key, k -> new ArrayList<>()).add(runTimeMs);
    }

    /** Merges this instance's new samples into the ledger and takes every instance's figures from it. */
    public void share() {
        Map<RunTimeKey, long[]> batch = new HashMap<>();
        synchronized (this) {
            unshared.forEach((key, samples) -> batch.put(key, samples.stream().mapToLong(Long::longValue).toArray()));
            unshared.clear();
        }
        Map<RunTimeKey, RunTimeHistogram> merged;
        try {
            merged = store.merge(batch, clock.instant());
        } catch (LedgerException e) {
            synchronized (this) {
                batch.forEach((key, samples) -> unshared.merge(key, boxed(samples), (later, earlier) -> {
                    earlier.addAll(later);
                    return earlier;
                }));
            }
            if (!failing) {
                LOG.warn("learned run times could not be saved to the ledger (kept for the next try): {}", e.getMessage());
                failing = true;
            }
            return;
        }
        failing = false;
        synchronized (this) { // samples observed while the merge ran are not in the ledger's figures yet
            merged.forEach((key, figures) -> learned.put(key, figures.with(pending(key))));
        }
        listeners.forEach(Runnable::run);
    }

    private long[] pending(RunTimeKey key) {
        List<Long> samples = unshared.get(key);
        return samples == null ? new long[0] : samples.stream().mapToLong(Long::longValue).toArray();
    }

    private static List<Long> boxed(long[] samples) {
        List<Long> list = new ArrayList<>(samples.length);
        for (long s : samples) {
            list.add(s);
        }
        return list;
    }
}
