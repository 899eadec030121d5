package ai.piapi.collector.ops.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Tells Logback the console's format, {@code json} or {@code text}, from {@code collector.log.format}.
 * Logging starts before Camel reads its settings, so this looks where Camel will, in Camel's order: the
 * {@code -Dcollector.log.format} system property, the {@code COLLECTOR_LOG_FORMAT} environment variable, then
 * {@code config/application.properties} in the working folder; the default is text. The value itself is checked by
 * {@link LogSettings} when Camel starts (a wrong one stops start-up).
 */
public class LogFormat extends PropertyDefinerBase {
    static final String KEY = "collector.log.format";
    static final String ENVIRONMENT = "COLLECTOR_LOG_FORMAT";
    static final Path SETTINGS_FILE = Path.of("config", "application.properties");

    @Override
    public String getPropertyValue() {
        return format(System.getProperty(KEY), System.getenv(ENVIRONMENT), fromFile(SETTINGS_FILE));
    }

    /** The first value given wins; {@code json} (any case) is JSON, anything else text. */
    static String format(String... givenInOrder) {
        for (String value : givenInOrder) {
            if (value != null && !value.isBlank()) {
                return value.strip().toLowerCase(Locale.ROOT).equals(LogSettings.JSON) ? LogSettings.JSON : LogSettings.TEXT;
            }
        }
        return LogSettings.TEXT;
    }

    static String fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException unreadable) {
            return null; // Camel reports an unreadable settings file itself
        }
        return properties.getProperty(KEY);
    }
}
