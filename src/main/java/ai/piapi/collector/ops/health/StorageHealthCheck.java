package ai.piapi.collector.ops.health;

import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.domain.StorageUnavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DOWN while results cannot be stored: the last write to the completed folder or bucket (or the dead-letter folder)
 * failed and none has succeeded since, or a probe that writes and removes a few bytes fails now. The probe alone
 * would not do: a nearly full disk takes a few bytes but not the next 800 KB file.
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
            Optional<String> down = target.outage().problem();
            if (down.isPresent()) {
                problems.add(holds + ": " + down.get());
                return;
            }
            try {
                target.probe().run();
            } catch (StorageUnavailable e) {
                problems.add(holds + ": " + e.getMessage());
            }
        });
        problems.sort(null);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
