package ai.piapi.collector.capture;

import ai.piapi.collector.wiring.Lifecycle;
import ai.piapi.collector.deliver.OutageWait;
import ai.piapi.collector.format.ByteSizes;
import ai.piapi.collector.settings.CaptureSettings;
import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ops.health.StorageHealthCheck;
import java.time.Clock;
import java.util.Map;
import ai.piapi.collector.wiring.Shared;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires output capture and storage ({@code outputCapture}, {@code artifactStore}); runs after the collector's wiring. */
public class CaptureConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureConfiguration.class);

    private final Supplier<Shared> shared;

    /** {@code shared}: the pieces the collector's configuration made (it runs first). */
    public CaptureConfiguration(Supplier<Shared> shared) {
        this.shared = shared;
    }

    private OutputCapture outputCapture;

    /** Bytes captured so far (for the metrics); 0 before this configuration ran. */
    public long capturedBytes() {
        return outputCapture == null ? 0 : outputCapture.capturedBytes();
    }

    @Override
    public void configure(CamelContext context) {
        CaptureSettings capture = CaptureSettings.load(context.getPropertiesComponent()::resolveProperty);
        Registry registry = context.getRegistry();
        Shared s = shared.get();
        CollectorSettings settings = s.settings();
        Ledger ledger = s.ledger();
        // the same lease owner as the poller's, so the capture can extend the lease the final poll kept
        String owner = s.instanceId();
        Clock clock = s.clock();

        ArtifactStore plain = capture.s3()
                ? new S3ArtifactStore(S3ArtifactStore.client(capture), capture, settings.stateDir().resolve("staging"))
                : new LocalArtifactStore(settings.completedDir());
        Outage storage = new Outage("the result storage (" + plain.describe() + ")", "completed tasks wait in place", clock);
        ArtifactStore store = new WatchedStore(plain, storage);
        HostPolicy policy = HostPolicy.allowing(capture.allowedHosts());
        OutputCapture outputCapture = new OutputCapture(capture,
                new Downloader(policy, capture, SystemDefaultDnsResolver.INSTANCE), store,
                new LeaseKeeper(ledger, owner, settings.lease(), clock), s.mapper(), clock, storage);
        registry.bind("artifactStore", store);
        registry.bind("outputCapture", outputCapture);
        this.outputCapture = outputCapture;
        Lifecycle.closeOnStop(context, outputCapture);
        wireOutages(context, s, store, storage);
        LOG.info("output capture {}; storage: {}", capture.enabled()
                ? "on: up to " + capture.concurrency() + " downloads at once, files up to " + ByteSizes.format(capture.maxBytes())
                + ", from " + (policy.isOpen() ? "any public host over https" : "hosts " + String.join(", ", capture.allowedHosts()))
                : "off", capture.s3() ? "s3://" + capture.bucket() + "/" + capture.prefix() : settings.completedDir());
    }

    /**
     * The store-verdict stage's pause for outages of the storage and the ledger, and the readiness check
     * {@code collector-storage} (the completed folder or bucket, and the dead-letter folder).
     */
    private static void wireOutages(CamelContext context, Shared s, ArtifactStore store, Outage storage) {
        Registry registry = context.getRegistry();
        CollectorSettings settings = s.settings();
        OutageWait wait = new OutageWait(s.ledger(), s.instanceId(), settings.lease(), settings.maxDelay(), s.held(), s.clock());
        registry.bind("outageWait", wait);
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    wait.stop(); // verdicts waiting out an outage let go: their tasks are polled again after a restart
                }
            }
        });
        Outage deadLetters = s.deadLetterOutage();
        registry.bind("collector-storage", new StorageHealthCheck(Map.of(
                "completed tasks", new StorageHealthCheck.Target(storage, store::probe),
                "dead letters", new StorageHealthCheck.Target(deadLetters,
                        () -> LocalArtifactStore.probe(settings.deadLetterDir())))));
    }
}
