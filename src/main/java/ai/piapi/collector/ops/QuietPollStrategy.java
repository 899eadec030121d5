package ai.piapi.collector.ops;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * The inbox consumer's poll strategy: a scan that fails (the ledger behind its read lock is down, the folder is
 * gone) is reported to {@link RouteFailures} (one line per change of state, none for a known outage) instead of a
 * stack trace per scan; the next scan simply tries again.
 */
public class QuietPollStrategy implements PollingConsumerPollStrategy {
    private final RouteFailures failures;
    private final String routeId;

    public QuietPollStrategy(RouteFailures failures, String routeId) {
        this.failures = failures;
        this.routeId = routeId;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        failures.succeeded(routeId);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        failures.failed(routeId, cause);
        return false; // no immediate retry: the next scan comes at collector.inbox.scan-interval
    }
}
