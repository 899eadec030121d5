package ai.piapi.collector.poll;

import ai.piapi.collector.domain.RunTimeHistogram;
import ai.piapi.collector.domain.RunTimeKey;
import ai.piapi.collector.ledger.LedgerException;
import ai.piapi.collector.ledger.RunTimeStore;
import java.time.Clock;
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
 */
public class RunTimeLearner {
    private static final Logger LOG = LoggerFactory.getLogger(RunTimeLearner.class);

    private final RunTimeStore store;
    private final Clock clock;
    private final Map<RunTimeKey, RunTimeHistogram> learned = new ConcurrentHashMap<>();
    private final Map<RunTimeKey, List<Long>> unshared = new HashMap<>(); // guarded by this
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean failing;

    public RunTimeLearner(RunTimeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
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
