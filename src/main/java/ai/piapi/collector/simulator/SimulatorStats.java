package ai.piapi.collector.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The request log: totals, faults by kind, and per-task poll counts. */
public final class SimulatorStats {
    private final LongAdder requests = new LongAdder();
    private final Map<Fault, LongAdder> faults = new EnumMap<>(Fault.class);
    private final java.util.concurrent.atomic.AtomicLong firstRequestAt = new java.util.concurrent.atomic.AtomicLong();

    SimulatorStats() {
        for (Fault f : Fault.values()) {
            faults.put(f, new LongAdder());
        }
    }

    void request() {
        requests.increment();
        firstRequestAt.compareAndSet(0, System.currentTimeMillis());
    }

    /** Epoch ms of the first get-task request since the start or the last {@link #markFirstRequest()}; 0 if none. */
    public long firstRequestAt() {
        return firstRequestAt.get();
    }

    /** Starts watching for the next first request (e.g. after a collector restart). */
    public void markFirstRequest() {
        firstRequestAt.set(0);
    }

    void fault(Fault fault) {
        faults.get(fault).increment();
    }

    public long requests() {
        return requests.sum();
    }

    public long faults(Fault fault) {
        return faults.get(fault).sum();
    }

    String toJson(Collection<SimulatedTask> tasks) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("requests", requests());
        ObjectNode byFault = root.putObject("faults");
        faults.forEach((f, n) -> byFault.put(f.name().toLowerCase(java.util.Locale.ROOT), n.sum()));
        root.put("tasks", tasks.size());
        ObjectNode polls = root.putObject("polls");
        tasks.forEach(t -> polls.put(t.id(), t.polls()));
        return root.toString();
    }
}
