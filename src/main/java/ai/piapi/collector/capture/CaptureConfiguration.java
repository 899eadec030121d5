package ai.piapi.collector.capture;

import ai.piapi.collector.domain.ByteSizes;
import ai.piapi.collector.domain.CaptureSettings;
import ai.piapi.collector.domain.CollectorSettings;
import ai.piapi.collector.domain.HostPolicy;
import ai.piapi.collector.ledger.Ledger;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
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

        ArtifactStore store = capture.s3()
                ? new S3ArtifactStore(S3ArtifactStore.client(capture), capture, settings.stateDir().resolve("staging"))
                : new LocalArtifactStore(settings.completedDir());
        HostPolicy policy = HostPolicy.allowing(capture.allowedHosts());
        OutputCapture outputCapture = new OutputCapture(capture,
                new Downloader(policy, capture, SystemDefaultDnsResolver.INSTANCE), store,
                new LeaseKeeper(ledger, owner, settings.lease(), clock), new ObjectMapper(), clock);
        registry.bind("artifactStore", store);
        registry.bind("outputCapture", outputCapture);
        closeOnStop(context, outputCapture);
        LOG.info("output capture {}; storage: {}", capture.enabled()
                ? "on: up to " + capture.concurrency() + " downloads at once, files up to " + ByteSizes.format(capture.maxBytes())
                + ", from " + (policy.isOpen() ? "any public host over https" : "hosts " + String.join(", ", capture.allowedHosts()))
                : "off", capture.s3() ? "s3://" + capture.bucket() + "/" + capture.prefix() : settings.completedDir());
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
