package ai.piapi.collector.http;

import ai.piapi.collector.settings.HttpSettings;
import ai.piapi.collector.settings.SettingsReader;
import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.schedule.WebhookSchedule;
import ai.piapi.collector.intake.RequestBodyParser;
import ai.piapi.collector.intake.RequestIntake;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ops.TaskViews;
import ai.piapi.collector.webhook.DeferredResults;
import ai.piapi.collector.webhook.WebhookReceiver;
import ai.piapi.collector.webhook.WebhookSettings;
import ai.piapi.collector.webhook.WebhookVerdicts;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import ai.piapi.collector.wiring.Shared;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Wires the HTTP face on top of the shared pieces: the task API and webhook beans the {@code http-*} routes call.
 * Its health checks and metrics are {@code ops/}'s ({@link ai.piapi.collector.ops.OpsConfiguration}).
 */
public class HttpConfiguration implements CamelConfiguration {
    /** Pushed results waiting for a poll in flight, at most. */
    static final int DEFERRED_CAPACITY = 10_000;

    private final Supplier<Shared> shared;
    private final Consumer<String> webhookDeliveries;

    /** {@code shared}: the pieces the collector's configuration made; {@code webhookDeliveries}: counts each delivery. */
    public HttpConfiguration(Supplier<Shared> shared, Consumer<String> webhookDeliveries) {
        this.shared = shared;
        this.webhookDeliveries = webhookDeliveries;
    }

    @Override
    public void configure(CamelContext context) {
        HttpSettings http = HttpSettings.load(context.getPropertiesComponent()::resolveProperty);
        if (http.enabled()) {
            PortCheck.ensureFree(http.host(), http.port());
        }
        Registry registry = context.getRegistry();
        Shared s = shared.get();
        CollectorSettings settings = s.settings();
        Ledger ledger = s.ledger();
        Tally tally = s.tally();
        Clock clock = s.clock();
        ObjectMapper mapper = s.mapper();

        context.getManagementStrategy().addEventNotifier(new ServerAnnouncer());
        context.getManagementStrategy().addEventNotifier(new HttpGate(new RequestGate(http.host(), http.allowedHosts()),
                http.maxRequests(), http.bodyBudget(), http.webhookMaxBody(), http.readTimeout()));

        WebhookSettings webhook = new WebhookSettings(http.webhookSecret(), http.acceptUnknown(), http.webhookMaxBody(),
                settings.taskDeadline(), settings.lease(), s.instanceId());
        WebhookVerdicts verdicts = new WebhookVerdicts(webhook, ledger,
                new WebhookSchedule(settings.initialDelay(), settings.maxDelay()), tally,
                s.ended());
        registry.bind("webhookReceiver", new WebhookReceiver(webhook, ledger, mapper, verdicts,
                new DeferredResults(DEFERRED_CAPACITY, settings.lease()), webhookDeliveries, clock, s.redactor()));
        long maxBody = new SettingsReader(context.getPropertiesComponent()::resolveProperty)
                .bytes("camel.server.maxBodySize", String.valueOf(16L * 1024 * 1024));
        registry.bind("requestIntake", new RequestIntake(new RequestBodyParser(mapper), ledger, settings.taskDeadline(),
                tally, clock, maxBody));
        registry.bind("taskViews", new TaskViews(ledger));
        registry.bind("httpGuard", new HttpGuard(http.token()));
        registry.bind("httpReplies", new HttpReplies(mapper));
    }
}
