package ai.piapi.collector.ops.health;

import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.domain.StorageUnavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DOWN while results cannot be stored: a write to the completed folder or bucket (or the dead-letter folder) failed
 * and has not succeeded since, or a probe that writes and removes a few bytes fails now. The probe alone would not
 * do: a nearly full disk takes a few bytes but not the next 800 KB file. A probe that succeeds ends an outage only
 * once no write has failed for a minute (the work that failed may have been given up).
 */
public class StorageHealthCheck extends CollectorHealthCheck {
    /** One place results go: what stages report to, and how to probe it. */
    public record Target(Outage outage, Runnable probe) {
    }

    private final Map<String, Target> targets;

    /** {@code targets}: by what they hold ("completed tasks", "dead letters"). */
    public StorageHealthCheck(Map<String, Target> targets) {
        super("storage");
        this.targets = Map.copyOf(targets);
    }

    @Override
    protected Optional<String> problem() {
        List<String> problems = new ArrayList<>();
        targets.forEach((holds, target) -> {
            try {
                target.probe().run();
                target.outage().recovered(null); // ends an outage only once nothing has failed for a while
            } catch (StorageUnavailable e) {
                problems.add(holds + ": " + e.getMessage());
                return;
            }
            target.outage().problem().ifPresent(down -> problems.add(holds + ": " + down));
        });
        problems.sort(null);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
