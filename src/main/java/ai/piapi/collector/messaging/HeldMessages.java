package ai.piapi.collector.messaging;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;

/** The intake-queue route's {@code onRedelivery} for a message held through an outage: tells {@link IntakeGuard}. */
public class HeldMessages implements Processor {
    private final IntakeGuard guard;

    public HeldMessages(IntakeGuard guard) {
        this.guard = guard;
    }

    @Override
    public void process(Exchange exchange) {
        guard.held(exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class));
    }
}
