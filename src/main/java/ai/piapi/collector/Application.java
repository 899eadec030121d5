package ai.piapi.collector;

import ai.piapi.collector.capture.CaptureConfiguration;
import ai.piapi.collector.domain.ConfigurationException;
import ai.piapi.collector.http.HttpConfiguration;
import ai.piapi.collector.messaging.MessagingConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.main.Main;

/** Starts the collector: Camel Main on {@code config/application.properties} and the routes in {@code routes/}. */
public final class Application {
    /** Built-in defaults (the documented file, packed in the jar), then the working folder's own file. */
    static final String PROPERTIES = "classpath:application.properties;optional=true,file:config/application.properties;optional=true";
    static final int CONFIGURATION_ERROR = 1;

    private Application() {
    }

    public static void main(String[] args) {
        AtomicInteger exitCode = new AtomicInteger();
        Main main = create(exitCode);
        try {
            main.run(args);
        } catch (Exception e) {
            exitCode.set(failure(e));
        }
        System.exit(exitCode.get());
    }

    /** The collector's Camel Main, as the jar and the tests run it; batch mode sets {@code exitCode} and ends it. */
    public static Main create(AtomicInteger exitCode) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTIES);
        main.configure().addConfiguration(new CollectorConfiguration(code -> {
            exitCode.set(code);
            main.completed();
        }));
        main.configure().addConfiguration(new CaptureConfiguration());
        main.configure().addConfiguration(new HttpConfiguration());
        main.configure().addConfiguration(new MessagingConfiguration());
        main.configure().addConfiguration(new ScaleOutConfiguration());
        main.configure().withRoutesIncludePattern(routesLocation());
        return main;
    }

    /** Routes an operator edited in {@code routes/} win over the ones packed in the jar. */
    static String routesLocation() {
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.camel.yaml" : "classpath:routes/*.camel.yaml";
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
