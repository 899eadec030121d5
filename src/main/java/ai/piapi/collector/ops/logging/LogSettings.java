package ai.piapi.collector.ops.logging;

import ai.piapi.collector.domain.ConfigurationException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** {@code collector.log.format}: {@code text} (the default) or {@code json}, one JSON object per line. */
public record LogSettings(String format) {
    public static final String TEXT = "text";
    public static final String JSON = "json";

    public static LogSettings load(Function<String, Optional<String>> lookup) {
        String value = lookup.apply(LogFormat.KEY).map(String::strip).filter(v -> !v.isEmpty()).orElse(TEXT);
        String format = value.toLowerCase(Locale.ROOT);
        if (!format.equals(TEXT) && !format.equals(JSON)) {
            throw new ConfigurationException(LogFormat.KEY + ": '" + value + "' is not text or json");
        }
        return new LogSettings(format);
    }
}
