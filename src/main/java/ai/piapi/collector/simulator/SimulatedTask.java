package ai.piapi.collector.simulator;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** One task's fixed fate (times and final status), decided from the seed and its ID so runs repeat. */
public final class SimulatedTask {
    private final String id;
    private final long seenAt;
    private final long startAt;
    private final long endAt;
    private final String finalStatus;
    private final SimulatorConfig.Model model;
    private final AtomicInteger polls = new AtomicInteger();

    SimulatedTask(String id, long seenAt, SimulatorConfig config) {
        SplittableRandom random = new SplittableRandom(config.seed() * 31 + id.hashCode());
        this.id = id;
        this.seenAt = seenAt;
        this.startAt = seenAt + config.queueMs();
        this.model = config.models().size() == 1 ? config.models().get(0)
                : config.models().get(random.nextInt(config.models().size()));
        this.endAt = startAt + model.duration().sample(random);
        double roll = random.nextDouble();
        this.finalStatus = roll < config.failedRate() ? "failed"
                : roll < config.failedRate() + config.cancelledRate() ? "cancelled" : "completed";
    }

    public String id() {
        return id;
    }

    /** The model this task runs on (its name and task type are in every answer). */
    public SimulatorConfig.Model model() {
        return model;
    }

    /** When the task became final (epoch ms). */
    public long endAt() {
        return endAt;
    }

    public long seenAt() {
        return seenAt;
    }

    public String finalStatus() {
        return finalStatus;
    }

    public int polls() {
        return polls.get();
    }

    int countPoll() {
        return polls.incrementAndGet();
    }

    public String statusAt(long now) {
        return now >= endAt ? finalStatus : now >= startAt ? "processing" : "pending";
    }

    /** PiAPI's time format; {@code 0001-01-01T00:00:00Z} for "not yet". */
    String timeAt(long moment, long now) {
        return now >= moment ? Instant.ofEpochMilli(moment).toString() : "0001-01-01T00:00:00Z";
    }

    long startAt() {
        return startAt;
    }
}
