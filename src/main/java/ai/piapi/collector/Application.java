package ai.piapi.collector;

import ai.piapi.collector.capture.CaptureConfiguration;
import ai.piapi.collector.settings.ConfigurationException;
import ai.piapi.collector.http.HttpConfiguration;
import ai.piapi.collector.messaging.ComponentEnvironment;
import ai.piapi.collector.messaging.MessagingConfiguration;
import ai.piapi.collector.ops.logging.LoggingConfiguration;
import ai.piapi.collector.ops.logging.RoutesSummary;
import ai.piapi.collector.ops.metrics.MetricsConfiguration;
import ai.piapi.collector.ops.operator.OperatorConfiguration;
import ai.piapi.collector.ops.BatchSummary;
import ai.piapi.collector.ops.OpsConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.main.Main;

/** Starts the collector: Camel Main on {@code config/application.properties} and the routes in {@code routes/}. */
public final class Application {
    /** Built-in defaults (the documented file, packed in the jar), then the working folder's own file. */
    static final String PROPERTIES = "classpath:application.properties;optional=true,file:config/application.properties;optional=true";
    static final int CONFIGURATION_ERROR = 1;

    private Application() {
    }

    /**
     * Runs until stopped, or in batch mode until done: then the summary is the last line printed, after Camel has
     * stopped (and a run that gave up on an outage says why in one line on stderr first). Exit codes: 0 every task
     * completed, 2 some were dead-lettered, 1 a configuration or start-up error, 3 batch mode gave up on an outage.
     */
    public static void main(String[] args) {
        AtomicInteger exitCode = new AtomicInteger();
        AtomicReference<BatchSummary> summary = new AtomicReference<>();
        Main main = create(exitCode, summary);
        ComponentEnvironment.apply(main, System.getenv()); // CAMEL_COMPONENT_* variables, which Camel Main 4.18 ignores
        try {
            main.run(args);
        } catch (Exception e) {
            exitCode.set(failure(e));
        }
        BatchSummary done = summary.get();
        if (done != null) {
            if (done.exitCode() == BatchSummary.GAVE_UP) {
                System.err.println("piapi-collector: gave up: " + done.cause()
                        + "; nothing was dead-lettered for it, the next run takes the same tasks");
                System.err.flush();
            }
            System.out.println(done.line());
            System.out.flush();
        }
        System.exit(exitCode.get());
    }

    /** The route files packed in the jar (a test checks this list against the {@code routes/} folder). */
    static final List<String> PACKED_ROUTES = List.of("intake-files.camel.yaml", "intake-queue.camel.yaml",
            "poll-tasks.camel.yaml", "capture-outputs.camel.yaml", "deliver-completed.camel.yaml",
            "dead-letter.camel.yaml", "publish-events.camel.yaml", "http-api.camel.yaml", "webhook-piapi.camel.yaml",
            "operations.camel.yaml", "error-policy.camel.yaml", "operator-api.camel.yaml");

    /** The collector's Camel Main, as the jar and the tests run it; batch mode sets {@code exitCode} and ends it. */
    public static Main create(AtomicInteger exitCode) {
        return create(exitCode, new AtomicReference<>());
    }

    /** The same, with batch mode's summary handed to {@code summary} when it ends. */
    public static Main create(AtomicInteger exitCode, AtomicReference<BatchSummary> summary) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTIES);
        main.configure().addConfiguration(new LoggingConfiguration());
        // the collector's configuration makes the shared pieces and runs first; each stage's is handed them
        CollectorConfiguration collector = new CollectorConfiguration(done -> {
            summary.set(done);
            exitCode.set(done.exitCode());
            main.completed();
        });
        CaptureConfiguration capture = new CaptureConfiguration(collector::shared);
        MessagingConfiguration messaging = new MessagingConfiguration(collector::shared);
        main.configure().addConfiguration(collector);
        main.configure().addConfiguration(capture);
        OpsConfiguration ops = new OpsConfiguration(collector::shared, capture::capturedBytes);
        main.configure().addConfiguration(ops);
        main.configure().addConfiguration(new HttpConfiguration(collector::shared, ops::webhookDelivery));
        main.configure().addConfiguration(messaging);
        main.configure().addConfiguration(new ScaleOutConfiguration(collector::shared));
        main.configure().addConfiguration(new MetricsConfiguration(collector::shared, messaging::brokerStatus));
        main.configure().addConfiguration(new OperatorConfiguration(collector::shared, messaging::brokerStatus));
        main.configure().withRoutesIncludePattern(routesLocation());
        main.addMainListener(new RoutesSummary());
        return main;
    }

    /**
     * Routes an operator edited in {@code routes/} win over the ones packed in the jar. The packed ones are named
     * one by one: a {@code classpath:} wildcard makes Camel walk every entry of the fat jar (some 36,000), which
     * cost two seconds of every start-up.
     */
    static String routesLocation() {
        if (Files.isDirectory(Path.of("routes"))) {
            return "file:routes/*.camel.yaml";
        }
        return String.join(",", PACKED_ROUTES.stream().map(name -> "classpath:routes/" + name).toList());
    }

    private static int failure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                System.err.println("piapi-collector: configuration error: " + t.getMessage());
                return CONFIGURATION_ERROR;
            }
        }
        System.err.println("piapi-collector: start-up failed: " + e);
        return CONFIGURATION_ERROR;
    }
}
