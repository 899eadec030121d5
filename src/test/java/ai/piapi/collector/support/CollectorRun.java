package ai.piapi.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.Application;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.Ledger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * One collector, booted in this JVM exactly as the jar boots it (same Main, same YAML routes), on folders
 * under {@code root} and with test properties that the OS environment cannot override.
 */
public final class CollectorRun implements AutoCloseable {
    public static final String API_KEY = "pk-test-7f3a9c1e-DO-NOT-LEAK-5b2d";

    private final Main main;
    private final Path root;

    private CollectorRun(Main main, Path root) {
        this.main = main;
        this.root = root;
    }

    /** Test defaults: fast polls, folders under {@code root}; {@code extra} overrides them. */
    public static Properties settings(Path root, String baseUrl) {
        Properties p = new Properties();
        p.setProperty("piapi.base-url", baseUrl);
        p.setProperty("piapi.api-key", API_KEY);
        p.setProperty("collector.inbox-dir", root.resolve("inbox").toString());
        p.setProperty("collector.completed-dir", root.resolve("completed").toString());
        p.setProperty("collector.dead-letter-dir", root.resolve("dead-letter").toString());
        p.setProperty("collector.state-dir", root.resolve("state").toString());
        p.setProperty("collector.inbox.scan-interval", "100");
        p.setProperty("collector.poll.initial-delay", "100ms");
        p.setProperty("collector.poll.max-delay", "500ms");
        p.setProperty("collector.poll.claim-interval", "50");
        p.setProperty("collector.max-transient-errors", "5");
        p.setProperty("piapi.read-timeout", "5s");
        p.setProperty("collector.artifacts.enabled", "false"); // the stub's output URLs are not local: tests that capture turn it on
        p.setProperty("collector.http.port", "0"); // a free port: tests never fight over 8080
        return p;
    }

    public static CollectorRun start(Path root, String baseUrl, Map<String, String> extra) throws Exception {
        Properties props = settings(root, baseUrl);
        props.putAll(extra);
        Main main = Application.create(new java.util.concurrent.atomic.AtomicInteger());
        main.setOverrideProperties(props);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                PropertiesComponent pc = (PropertiesComponent) m.getCamelContext().getPropertiesComponent();
                pc.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                pc.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
            }
        });
        main.start();
        return new CollectorRun(main, root);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Ledger ledger() {
        return context().getRegistry().lookupByNameAndType("ledger", JdbcLedger.class);
    }

    public Path inbox() {
        return root.resolve("inbox");
    }

    public Path completed() {
        return root.resolve("completed");
    }

    public Path deadLetter() {
        return root.resolve("dead-letter");
    }

    /** Drops an inbox file the way users should: written under a .part name, then renamed. */
    public Path drop(String name, String content) throws IOException {
        Path part = inbox().resolve(name + ".part");
        Files.writeString(part, content, StandardCharsets.UTF_8);
        return Files.move(part, inbox().resolve(name));
    }

    @Override
    public void close() throws Exception {
        main.stop();
        assertNoSecretUnder(root);
    }

    /** Every file a run wrote (ledger included) is free of the API key. */
    public static void assertNoSecretUnder(Path dir, String... secrets) throws IOException {
        List<String> all = Stream.concat(Stream.of(API_KEY), Stream.of(secrets)).toList();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String secret : all) {
                    assertThat(text).as("secret in %s", f).doesNotContain(secret);
                }
            }
        }
    }
}
