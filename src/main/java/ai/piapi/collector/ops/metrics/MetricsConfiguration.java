package ai.piapi.collector.ops.metrics;

import ai.piapi.collector.settings.HttpSettings;
import ai.piapi.collector.ledger.Backlog;
import ai.piapi.collector.messaging.BrokerStatus;
import io.micrometer.core.instrument.MeterRegistry;
import ai.piapi.collector.wiring.Shared;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;

/**
 * Wires the operator metrics that need the whole collector in place: the backlog gauges (outbox, oldest open task,
 * broker links) and the process CPU counter. Runs after the other configurations, whose ledger, broker links and
 * meter registry it uses. The JVM's own metrics come from {@code camel.metrics.binders}.
 */
public class MetricsConfiguration implements CamelConfiguration {
    private final Supplier<Shared> shared;
    private final Supplier<BrokerStatus> brokers;

    /** {@code shared}: the pieces the collector's configuration made; {@code brokers}: the messaging stage's links. */
    public MetricsConfiguration(Supplier<Shared> shared, Supplier<BrokerStatus> brokers) {
        this.shared = shared;
        this.brokers = brokers;
    }

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        Shared s = shared.get();
        HttpSettings http = HttpSettings.load(context.getPropertiesComponent()::resolveProperty);

        new ProcessCpuMetrics().bindTo(meters);
        registry.bind("backlogMetrics", new BacklogMetrics(meters, new Backlog(s.ledgerData()), brokers.get(),
                http.stateCountsCache(), s.clock()));
    }
}
