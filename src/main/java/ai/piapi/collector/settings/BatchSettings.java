package ai.piapi.collector.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Batch mode's settings ({@code collector.batch.give-up-after}, {@code collector.summary-file}), read and checked once
 * at start-up; a broken value is a {@link ConfigurationException} naming its key.
 *
 * @param giveUpAfter how long an outage (a refused key, an unreachable ledger, an unreadable inbox) may last before
 *                    batch mode gives up with exit code 3
 * @param summaryFile where the run's summary is written as JSON, or null for nowhere
 */
public record BatchSettings(Duration giveUpAfter, Path summaryFile) {

    public static BatchSettings load(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        Duration giveUpAfter = r.duration("collector.batch.give-up-after", "1m");
        String file = r.text("collector.summary-file", "");
        Path summary = null;
        if (!file.isBlank()) {
            summary = Path.of(file).toAbsolutePath().normalize();
            Path folder = summary.getParent();
            if (Files.isDirectory(summary) || folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
                throw new ConfigurationException("collector.summary-file: '" + file
                        + "' must name a file in an existing folder the collector can write to");
            }
        }
        return new BatchSettings(giveUpAfter, summary);
    }
}
