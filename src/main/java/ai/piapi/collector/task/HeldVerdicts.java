package ai.piapi.collector.task;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tasks whose verdict waits in this process for an outage to end (storage or ledger). Their lease may run out while
 * the ledger is down; the poller then must not claim and poll them a second time while the first verdict still
 * waits. A hold lapses by itself at its time, so a verdict lost to a bug cannot keep its task from polling forever.
 */
public final class HeldVerdicts {
    private final Map<String, Instant> held = new ConcurrentHashMap<>();
    private final Clock clock;

    public HeldVerdicts(Clock clock) {
        this.clock = clock;
    }

    /** Holds (or keeps holding) {@code taskId} until {@code until}. */
    public void hold(String taskId, Instant until) {
        held.put(taskId, until);
    }

    public void release(String taskId) {
        held.remove(taskId);
    }

    public boolean isHeld(String taskId) {
        Instant until = held.get(taskId);
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
            return true;
        }
        held.remove(taskId, until);
        return false;
    }
}
