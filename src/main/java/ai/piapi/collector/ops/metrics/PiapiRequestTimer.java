package ai.piapi.collector.ops.metrics;

import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Times every request the routes send to PiAPI (any endpoint under {@code piapi.base-url}) from Camel's own
 * "exchange sent" events, so the polling route needs no timing steps of its own.
 */
public class PiapiRequestTimer extends EventNotifierSupport {
    private final String baseUrl;
    private final CollectorMetrics metrics;

    public PiapiRequestTimer(String baseUrl, CollectorMetrics metrics) {
        this.baseUrl = baseUrl;
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith(baseUrl);
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSentEvent sent = (ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        Integer code = exchange.getException() == null
                ? exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) : null;
        metrics.piapiRequest(Duration.ofMillis(sent.getTimeTaken()), code == null ? "error" : String.valueOf(code));
    }
}
