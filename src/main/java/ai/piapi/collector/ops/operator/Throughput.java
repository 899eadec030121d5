package ai.piapi.collector.ops.operator;

import ai.piapi.collector.ops.Tally;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page's throughput plot: tasks collected, dead-lettered and polls per minute over the last hour, from
 * this instance's counters (sampled every few seconds by the {@code status-sample} route; kept in memory, so a
 * restart starts an empty hour). One slot per minute holds the counters as last seen in that minute.
 */
public class Throughput {
    static final int MINUTES = 60;

    private final Tally tally;
    private final Clock clock;
    private final long[][] slots = new long[MINUTES + 1][];
    private final long[] slotMinute = new long[MINUTES + 1];
    private long[] evicted = new long[3]; // the counters start at zero with the process
    private long evictedMinute = Long.MIN_VALUE;

    public Throughput(Tally tally, Clock clock) {
        this.tally = tally;
        this.clock = clock;
    }

    public synchronized void sample() {
        long minute = clock.millis() / 60_000;
        int i = (int) (minute % slots.length);
        if (slots[i] != null && slotMinute[i] != minute && slotMinute[i] > evictedMinute) {
            evicted = slots[i]; // the newest sample that left the ring: the baseline of an hour without samples
            evictedMinute = slotMinute[i];
        }
        slots[i] = new long[] {tally.completedCount(), tally.deadLetteredCount(), tally.polls()};
        slotMinute[i] = minute;
    }

    /** {@code minutes} (epoch seconds at each minute's start) and per-minute {@code collected}, {@code dead_lettered}, {@code polls}. */
    public synchronized Map<String, List<Long>> lastHour() {
        sample();
        long now = clock.millis() / 60_000;
        List<Long> minutes = new ArrayList<>();
        List<Long> collected = new ArrayList<>();
        List<Long> dead = new ArrayList<>();
        List<Long> polls = new ArrayList<>();
        long[] before = newestUpTo(now - MINUTES);
        for (long m = now - MINUTES + 1; m <= now; m++) {
            long[] at = seen(m);
            minutes.add(m * 60);
            if (at == null) { // not sampled in that minute (before the start): a gap in the plot
                collected.add(null);
                dead.add(null);
                polls.add(null);
            } else {
                collected.add(at[0] - before[0]);
                dead.add(at[1] - before[1]);
                polls.add(at[2] - before[2]);
                before = at;
            }
        }
        Map<String, List<Long>> out = new LinkedHashMap<>();
        out.put("minutes", minutes);
        out.put("collected", collected);
        out.put("dead_lettered", dead);
        out.put("polls", polls);
        return out;
    }

    /** The newest sample from {@code minute} or before. */
    private long[] newestUpTo(long minute) {
        long[] newest = evicted;
        long newestMinute = evictedMinute;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && slotMinute[i] <= minute && slotMinute[i] > newestMinute) {
                newest = slots[i];
                newestMinute = slotMinute[i];
            }
        }
        return newest;
    }

    private long[] seen(long minute) {
        int i = (int) (minute % slots.length);
        return slots[i] != null && slotMinute[i] == minute ? slots[i] : null;
    }
}
