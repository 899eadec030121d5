package ai.piapi.collector.ops;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * The inbox consumer's poll strategy and exception handler: a scan that fails (the ledger behind its read lock is
 * down, the folder is gone), or an error Camel meets around a file (releasing its claim, moving it), is reported to
 * {@link RouteFailures} (one line per change of state, none for a known outage) instead of a stack trace per scan;
 * the next scan simply tries again.
 */
public class QuietPollStrategy implements PollingConsumerPollStrategy, ExceptionHandler {
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
        return false; // no immediate retry: the next scan comes at collector.inbox.scan-interval; Camel hands the
                      // failure to handleException below
    }

    @Override
    public void handleException(Throwable exception) {
        failures.failed(routeId, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        failures.failed(routeId, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        failures.failed(routeId, exception);
    }
}
