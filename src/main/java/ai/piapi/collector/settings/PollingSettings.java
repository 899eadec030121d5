package ai.piapi.collector.settings;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the next poll of a running task is planned ({@code collector.poll.*}).
 *
 * @param adaptive        {@code strategy=adaptive}: from the model's learned run times once it has
 *                        {@code learnMinSamples}; {@code exponential}: the plain backoff always
 * @param targetDelay     how soon after a task ends it should be found, where tasks are likely to end
 * @param targetShare     the same as a share of the model's median run time, used when longer (long models)
 * @param learnMinSamples samples of a model before its run times are used
 * @param shareInterval   how often this instance's new samples are merged into the ledger (and others' read)
 */
public record PollingSettings(boolean adaptive, Duration targetDelay, double targetShare, int learnMinSamples,
                              Duration shareInterval) {

    public static PollingSettings load(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        String strategy = r.choice("collector.poll.strategy", "adaptive", "adaptive", "exponential");
        return new PollingSettings(strategy.equals("adaptive"), r.duration("collector.poll.target-delay", "5s"),
                r.fraction("collector.poll.target-share", "0.07"),
                r.whole("collector.poll.learn-min-samples", "20", 1), r.duration("collector.poll.learn-share-interval", "5s"));
    }
}
