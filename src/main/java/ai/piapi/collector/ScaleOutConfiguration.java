package ai.piapi.collector;

import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.settings.LeaseBudget;
import ai.piapi.collector.ledger.InboxClaims;
import ai.piapi.collector.poll.PollTurn;
import java.time.Clock;
import ai.piapi.collector.schedule.PollPace;
import java.time.Duration;
import ai.piapi.collector.wiring.Shared;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Wires what lets several instances share one ledger: the inbox claims behind the inbox's read lock, and the
 * poll turn (global rate slot, lease check) before each GET. Runs after {@link CollectorConfiguration}.
 */
public class ScaleOutConfiguration implements CamelConfiguration {

    private final Supplier<Shared> shared;

    /** {@code shared}: the pieces the collector's configuration made (it runs first). */
    public ScaleOutConfiguration(Supplier<Shared> shared) {
        this.shared = shared;
    }

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        Shared s = shared.get();
        CollectorSettings settings = s.settings();
        String instanceId = s.instanceId();
        Duration longestPoll = LeaseBudget.longestPoll(settings);
        Clock clock = s.clock();

        InboxClaims inboxClaims = new InboxClaims(s.ledgerData(), instanceId, settings.lease(), clock);
        if (settings.embeddedLedger()) {
            inboxClaims.clear(); // the H2 file admits one process: claims left by a crash are stale
        }
        registry.bind("inboxClaims", inboxClaims);
        PollPace pace = s.pace();
        Duration spacing = pace.limited() ? Duration.ofNanos(pace.spacingMicros() * 1000) : Duration.ZERO;
        registry.bind("pollTurn", new PollTurn(clock, longestPoll, spacing));
    }
}
