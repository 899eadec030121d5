package ai.piapi.collector.capture;

import ai.piapi.collector.deliver.OutageWait;
import ai.piapi.collector.domain.ByteSizes;
import ai.piapi.collector.settings.CaptureSettings;
import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.domain.HeldVerdicts;
import ai.piapi.collector.domain.HostPolicy;
import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ops.health.StorageHealthCheck;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires output capture and storage ({@code outputCapture}, {@code artifactStore}); runs after the collector's wiring. */
public class CaptureConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        CaptureSettings capture = CaptureSettings.load(context.getPropertiesComponent()::resolveProperty);
        Registry registry = context.getRegistry();
        CollectorSettings settings = registry.lookupByNameAndType("settings", CollectorSettings.class);
        Ledger ledger = registry.lookupByNameAndType("ledger", Ledger.class);
        // the same lease owner as the poller's, so the capture can extend the lease the final poll kept
        String owner = settings.instanceId().isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : settings.instanceId();
        Clock clock = Clock.systemUTC();

        ArtifactStore plain = capture.s3()
                ? new S3ArtifactStore(S3ArtifactStore.client(capture), capture, settings.stateDir().resolve("staging"))
                : new LocalArtifactStore(settings.completedDir());
        Outage storage = new Outage("the result storage (" + plain.describe() + ")", "completed tasks wait in place", clock);
        ArtifactStore store = new WatchedStore(plain, storage);
        HostPolicy policy = HostPolicy.allowing(capture.allowedHosts());
        OutputCapture outputCapture = new OutputCapture(capture,
                new Downloader(policy, capture, SystemDefaultDnsResolver.INSTANCE), store,
                new LeaseKeeper(ledger, owner, settings.lease(), clock), new ObjectMapper(), clock, storage);
        registry.bind("artifactStore", store);
        registry.bind("outputCapture", outputCapture);
        closeOnStop(context, outputCapture);
        wireOutages(context, settings, ledger, owner, store, storage, clock);
        LOG.info("output capture {}; storage: {}", capture.enabled()
                ? "on: up to " + capture.concurrency() + " downloads at once, files up to " + ByteSizes.format(capture.maxBytes())
                + ", from " + (policy.isOpen() ? "any public host over https" : "hosts " + String.join(", ", capture.allowedHosts()))
                : "off", capture.s3() ? "s3://" + capture.bucket() + "/" + capture.prefix() : settings.completedDir());
    }

    /**
     * The store-verdict stage's pause for outages of the storage and the ledger, and the readiness check
     * {@code collector-storage} (the completed folder or bucket, and the dead-letter folder).
     */
    private static void wireOutages(CamelContext context, CollectorSettings settings, Ledger ledger, String owner,
                                    ArtifactStore store, Outage storage, Clock clock) {
        Registry registry = context.getRegistry();
        OutageWait wait = new OutageWait(ledger, owner, settings.lease(), settings.maxDelay(),
                registry.lookupByNameAndType("heldVerdicts", HeldVerdicts.class), clock);
        registry.bind("outageWait", wait);
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    wait.stop(); // verdicts waiting out an outage let go: their tasks are polled again after a restart
                }
            }
        });
        Outage deadLetters = registry.lookupByNameAndType("deadLetterOutage", Outage.class);
        registry.bind("collector-storage", new StorageHealthCheck(Map.of(
                "completed tasks", new StorageHealthCheck.Target(storage, store::probe),
                "dead letters", new StorageHealthCheck.Target(deadLetters,
                        () -> LocalArtifactStore.probe(settings.deadLetterDir())))));
    }

    private static void closeOnStop(CamelContext context, AutoCloseable resource) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
