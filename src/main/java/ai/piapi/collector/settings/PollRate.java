package ai.piapi.collector.settings;

import ai.piapi.collector.schedule.PollPace;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** {@code collector.poll.max-rate}: polls per second across every instance sharing the API key; empty or 0 is unlimited. */
public final class PollRate {
    private static final String KEY = "collector.poll.max-rate";

    private PollRate() {
    }

    public static PollPace load(Function<String, Optional<String>> lookup, String apiKey, Duration claimInterval) {
        String text = new SettingsReader(lookup).text(KEY, "");
        double rate;
        try {
            rate = text.isEmpty() ? 0 : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ConfigurationException(KEY + ": '" + text + "' is not a number of polls per second (0 or empty: unlimited)");
        }
        return PollPace.of(rate, apiKey, claimInterval);
    }
}
