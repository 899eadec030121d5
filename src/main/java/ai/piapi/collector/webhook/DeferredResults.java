package ai.piapi.collector.webhook;

import ai.piapi.collector.task.PollOutcome;
import ai.piapi.collector.task.Verdict;
import ai.piapi.collector.ledger.ClaimedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Final results pushed while a poll of the same task held its lease. They wait here (in memory, bounded: polling
 * is the backstop for anything lost) and are settled as soon as the lease is free, unless the poll settled the
 * task first. An entry older than {@code maxAge} is dropped: by then the poller has had the task back for a while.
 */
public class DeferredResults {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredResults.class);

    interface Lease {
        Optional<ClaimedTask> take(String taskId, Instant now);
    }

    interface Settle {
        Verdict verdict(ClaimedTask task, PollOutcome outcome, Instant scheduled, Instant now);
    }

    private record Waiting(PollOutcome outcome, Instant since) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration maxAge;

    public DeferredResults(int capacity, Duration maxAge) {
        this.capacity = capacity;
        this.maxAge = maxAge;
    }

    /** False when full: the result is then left to the next poll. */
    boolean add(String taskId, PollOutcome outcome, Instant now) {
        if (waiting.size() >= capacity && !waiting.containsKey(taskId)) {
            try (MDC.MDCCloseable context = MDC.putCloseable("task_id", taskId)) { // the log context of a task's lines
                LOG.warn("webhook: {} results already wait for a poll in flight; task {} is left to its next poll", capacity, taskId);
            }
            return false;
        }
        waiting.put(taskId, new Waiting(outcome, now));
        return true;
    }

    public int size() {
        return waiting.size();
    }

    /** Settles what can be settled now; returns the verdicts for the hand-over route. */
    List<Verdict> retry(Instant now, Lease lease, Settle settle) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, Waiting> e : waiting.entrySet()) {
            String taskId = e.getKey();
            Waiting w = e.getValue();
            Optional<ClaimedTask> claimed = lease.take(taskId, now);
            if (claimed.isPresent()) {
                waiting.remove(taskId, w);
                Verdict verdict = settle.verdict(claimed.get(), w.outcome(), now, now);
                if (verdict.settles()) {
                    verdicts.add(verdict);
                }
            } else if (Duration.between(w.since(), now).compareTo(maxAge) > 0) {
                waiting.remove(taskId, w); // settled by the poll, or held too long: the poller owns it again
            }
        }
        return verdicts;
    }
}
