package ai.piapi.collector.http;

import ai.piapi.collector.capture.OutputCapture;
import ai.piapi.collector.domain.CollectorSettings;
import ai.piapi.collector.domain.Redactor;
import ai.piapi.collector.domain.Tally;
import ai.piapi.collector.domain.WebhookSchedule;
import ai.piapi.collector.intake.RequestBodyParser;
import ai.piapi.collector.intake.RequestIntake;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ops.TaskViews;
import ai.piapi.collector.ops.health.ApiKeyHealthCheck;
import ai.piapi.collector.ops.health.FoldersHealthCheck;
import ai.piapi.collector.ops.health.LedgerHealthCheck;
import ai.piapi.collector.ops.metrics.CachedStateCounts;
import ai.piapi.collector.ops.metrics.CollectorMetrics;
import ai.piapi.collector.poll.RunTimeLearner;
import ai.piapi.collector.ops.metrics.PiapiRequestTimer;
import ai.piapi.collector.poll.AuthGate;
import ai.piapi.collector.poll.PollPlanner;
import ai.piapi.collector.webhook.DeferredResults;
import ai.piapi.collector.webhook.WebhookReceiver;
import ai.piapi.collector.webhook.WebhookSettings;
import ai.piapi.collector.webhook.WebhookVerdicts;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;

/**
 * Wires the HTTP face on top of the core beans: the task API and webhook beans the {@code http-*} routes call,
 * the health checks Camel shows at {@code /observe/health} and the metrics it serves at {@code /observe/metrics}.
 * Health checks and metrics are wired even with {@code collector.http.enabled=false} (nothing serves them then).
 */
public class HttpConfiguration implements CamelConfiguration {
    /** Pushed results waiting for a poll in flight, at most. */
    static final int DEFERRED_CAPACITY = 10_000;

    @Override
    public void configure(CamelContext context) {
        HttpSettings http = HttpSettings.load(context.getPropertiesComponent()::resolveProperty);
        if (http.enabled()) {
            PortCheck.ensureFree(http.host(), http.port());
        }
        Registry registry = context.getRegistry();
        CollectorSettings settings = registry.lookupByNameAndType("settings", CollectorSettings.class);
        JdbcLedger ledger = registry.lookupByNameAndType("ledger", JdbcLedger.class);
        Tally tally = registry.lookupByNameAndType("tally", Tally.class);
        AuthGate authGate = registry.lookupByNameAndType("authGate", AuthGate.class);
        Clock clock = Clock.systemUTC();
        ObjectMapper mapper = new ObjectMapper();

        PrometheusMeterRegistry meters = meterRegistry(registry);
        OutputCapture capture = registry.lookupByNameAndType("outputCapture", OutputCapture.class);
        LongSupplier capturedBytes = capture == null ? () -> 0L : capture::capturedBytes;
        CollectorMetrics metrics = new CollectorMetrics(meters, tally,
                new CachedStateCounts(ledger, http.stateCountsCache(), clock), capturedBytes, clock);
        registry.bind("collectorMetrics", metrics);
        metrics.runTimes(registry.lookupByNameAndType("runTimeLearner", RunTimeLearner.class));
        context.getManagementStrategy().addEventNotifier(new PiapiRequestTimer(settings.baseUrl(), metrics));
        context.getManagementStrategy().addEventNotifier(new ServerAnnouncer());
        context.getManagementStrategy().addEventNotifier(new HttpGate(new RequestGate(http.host(), http.allowedHosts()),
                http.maxRequests(), http.bodyBudget(), http.webhookMaxBody(), http.readTimeout()));

        registry.bind("collector-api-key", new ApiKeyHealthCheck(authGate));
        registry.bind("collector-ledger", new LedgerHealthCheck(ledger.dataSource()));
        registry.bind("collector-folders", new FoldersHealthCheck(folders(settings)));

        WebhookSettings webhook = new WebhookSettings(http.webhookSecret(), http.acceptUnknown(), http.webhookMaxBody(),
                settings.taskDeadline(), settings.lease(), owner(settings));
        WebhookVerdicts verdicts = new WebhookVerdicts(webhook, ledger,
                new WebhookSchedule(settings.initialDelay(), settings.maxDelay()), tally,
                registry.lookupByNameAndType("pollPlanner", PollPlanner.class));
        registry.bind("webhookReceiver", new WebhookReceiver(webhook, ledger, mapper, verdicts,
                new DeferredResults(DEFERRED_CAPACITY, settings.lease()), metrics::webhookDelivery, clock,
                registry.lookupByNameAndType("redactor", Redactor.class)));
        long maxBody = context.getPropertiesComponent().resolveProperty("camel.server.maxBodySize").map(String::strip)
                .filter(v -> !v.isEmpty()).map(Long::parseLong).orElse(16L * 1024 * 1024);
        registry.bind("requestIntake", new RequestIntake(new RequestBodyParser(mapper), ledger, settings.taskDeadline(),
                tally, clock, maxBody));
        registry.bind("taskViews", new TaskViews(ledger));
        registry.bind("httpGuard", new HttpGuard(http.token()));
        registry.bind("httpReplies", new HttpReplies(mapper));
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

    private static Map<String, java.nio.file.Path> folders(CollectorSettings settings) {
        Map<String, java.nio.file.Path> folders = new LinkedHashMap<>();
        folders.put("collector.inbox-dir", settings.inboxDir());
        folders.put("collector.completed-dir", settings.completedDir());
        folders.put("collector.dead-letter-dir", settings.deadLetterDir());
        folders.put("collector.state-dir", settings.stateDir());
        return folders;
    }

    /**
     * The same instance name the poller and the capture stage lease under: the webhook takes a lease only when it
     * is free, and output capture renews the lease of whichever path handed it the task under this name.
     */
    private static String owner(CollectorSettings settings) {
        String name = settings.instanceId().isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : settings.instanceId();
        return name;
    }
}
