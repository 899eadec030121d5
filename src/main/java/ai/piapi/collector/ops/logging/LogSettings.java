package ai.piapi.collector.ops.logging;

import ai.piapi.collector.settings.SettingsReader;
import java.util.Optional;
import java.util.function.Function;

/** {@code collector.log.format}: {@code text} (the default) or {@code json}, one JSON object per line. */
public record LogSettings(String format) {
    public static final String TEXT = "text";
    public static final String JSON = "json";

    public static LogSettings load(Function<String, Optional<String>> lookup) {
        return new LogSettings(new SettingsReader(lookup).choice(LogFormat.KEY, TEXT, TEXT, JSON));
    }
}
