package ai.piapi.collector.ops;

import ai.piapi.collector.task.PollOutcome;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What this process did since it started: for the progress line and the batch summary. */
public class Tally {
    private final LongAdder polls = new LongAdder();
    private final Map<PollOutcome.Kind, LongAdder> pollsByKind = new java.util.EnumMap<>(PollOutcome.Kind.class);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder reopened = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final Map<String, AtomicLong> deadLettered = new ConcurrentHashMap<>();

    public Tally() {
        for (PollOutcome.Kind kind : PollOutcome.Kind.values()) {
            pollsByKind.put(kind, new LongAdder());
        }
    }

    public void polled(PollOutcome.Kind kind) {
        polls.increment();
        pollsByKind.get(kind).increment();
    }

    public void admitted(int acceptedCount, int reopenedCount, int duplicateCount) {
        accepted.add(acceptedCount);
        reopened.add(reopenedCount);
        duplicates.add(duplicateCount);
    }

    public void completed() {
        completed.increment();
    }

    public void deadLettered(String reason) {
        deadLettered.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public long polls() {
        return polls.sum();
    }

    /** Polls whose answer meant {@code kind}. */
    public long polls(PollOutcome.Kind kind) {
        return pollsByKind.get(kind).sum();
    }

    /** Dead letters for one reason code. */
    public long deadLetteredFor(String reason) {
        AtomicLong n = deadLettered.get(reason);
        return n == null ? 0 : n.get();
    }

    public long accepted() {
        return accepted.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long reopened() {
        return reopened.sum();
    }

    public long completedCount() {
        return completed.sum();
    }

    public long deadLetteredCount() {
        return deadLettered.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Dead letters by reason code. */
    public Map<String, Long> deadLetterCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        deadLettered.forEach((reason, n) -> counts.put(reason, n.get()));
        return counts;
    }

    /** Dead letters by reason, e.g. {@code task_failed 2, invalid_task_id 1}. */
    public String deadLetterReasons() {
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<>(deadLettered).forEach((reason, n) ->
                out.append(out.length() == 0 ? "" : ", ").append(reason).append(' ').append(n.get()));
        return out.toString();
    }
}
