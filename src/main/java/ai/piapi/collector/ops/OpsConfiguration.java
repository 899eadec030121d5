package ai.piapi.collector.ops;

import ai.piapi.collector.ops.health.ApiKeyHealthCheck;
import ai.piapi.collector.ops.health.FoldersHealthCheck;
import ai.piapi.collector.ops.health.LedgerHealthCheck;
import ai.piapi.collector.ops.health.ThreadsHealthCheck;
import ai.piapi.collector.ops.metrics.CachedStateCounts;
import ai.piapi.collector.ops.metrics.CollectorMetrics;
import ai.piapi.collector.ops.metrics.PiapiRequestTimer;
import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.settings.HttpSettings;
import ai.piapi.collector.wiring.Shared;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;

/**
 * Wires what operators read: the collector's metrics (served by Camel at {@code /observe/metrics}) and the health
 * checks (at {@code /observe/health}), wired even with {@code collector.http.enabled=false} (nothing serves them then).
 */
public class OpsConfiguration implements CamelConfiguration {
    private final Supplier<Shared> shared;
    private final LongSupplier capturedBytes;
    private CollectorMetrics metrics;

    /** {@code shared}: the pieces the collector's configuration made; {@code capturedBytes}: the capture stage's count. */
    public OpsConfiguration(Supplier<Shared> shared, LongSupplier capturedBytes) {
        this.shared = shared;
        this.capturedBytes = capturedBytes;
    }

    /** Counts one webhook delivery ({@code accepted}, {@code duplicate} or {@code refused}). */
    public void webhookDelivery(String result) {
        metrics.webhookDelivery(result);
    }

    @Override
    public void configure(CamelContext context) {
        HttpSettings http = HttpSettings.load(context.getPropertiesComponent()::resolveProperty);
        Registry registry = context.getRegistry();
        Shared s = shared.get();
        CollectorSettings settings = s.settings();

        metrics = new CollectorMetrics(meterRegistry(registry), s.tally(),
                new CachedStateCounts(s.ledger(), http.stateCountsCache(), s.clock()), capturedBytes, s.clock());
        registry.bind("collectorMetrics", metrics);
        metrics.runTimes(s.learner());
        context.getManagementStrategy().addEventNotifier(new PiapiRequestTimer(settings.baseUrl(), metrics));

        registry.bind("collector-api-key", new ApiKeyHealthCheck(s.authGate()));
        registry.bind("collector-ledger", new LedgerHealthCheck(s.ledgerData()));
        registry.bind("collector-folders", new FoldersHealthCheck(folders(settings)));
        registry.bind("collector-threads", new ThreadsHealthCheck(s.ledger()::writerRunning));
    }

    /** The registry camel-micrometer-prometheus serves at /observe/metrics: its own when it made one first, else ours. */
    private static PrometheusMeterRegistry meterRegistry(Registry registry) {
        PrometheusMeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                PrometheusMeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }

    private static Map<String, Path> folders(CollectorSettings settings) {
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put("collector.inbox-dir", settings.inboxDir());
        folders.put("collector.completed-dir", settings.completedDir());
        folders.put("collector.dead-letter-dir", settings.deadLetterDir());
        folders.put("collector.state-dir", settings.stateDir());
        return folders;
    }
}
