package ai.piapi.collector;

import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.settings.LeaseBudget;
import ai.piapi.collector.ledger.InboxClaims;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.poll.PollTurn;
import java.time.Clock;
import ai.piapi.collector.domain.PollPace;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Wires what lets several instances share one ledger: the inbox claims behind the inbox's read lock, and the
 * poll turn (global rate slot, lease check) before each GET. Runs after {@link CollectorConfiguration}.
 */
public class ScaleOutConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        CollectorSettings settings = registry.lookupByNameAndType("settings", CollectorSettings.class);
        JdbcLedger ledger = registry.lookupByNameAndType("ledger", JdbcLedger.class);
        String instanceId = registry.lookupByNameAndType("instanceId", String.class);
        Duration longestPoll = LeaseBudget.longestPoll(settings);
        Clock clock = Clock.systemUTC();

        InboxClaims inboxClaims = new InboxClaims(ledger.dataSource(), instanceId, settings.lease(), clock);
        if (settings.embeddedLedger()) {
            inboxClaims.clear(); // the H2 file admits one process: claims left by a crash are stale
        }
        registry.bind("inboxClaims", inboxClaims);
        PollPace pace = registry.lookupByNameAndType("pollPace", PollPace.class);
        Duration spacing = pace.limited() ? Duration.ofNanos(pace.spacingMicros() * 1000) : Duration.ZERO;
        registry.bind("pollTurn", new PollTurn(clock, longestPoll, spacing));
    }
}
