package ai.piapi.collector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch mode's settings: defaults, and one line naming the key for a broken value. */
class BatchSettingsTest {
    @TempDir
    Path dir;

    private static BatchSettings load(Map<String, String> values) {
        return BatchSettings.load(k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void givesUpAfterAMinuteAndWritesNoFileByDefault() {
        BatchSettings settings = load(Map.of());

        assertThat(settings.giveUpAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.summaryFile()).isNull();
    }

    @Test
    void takesASummaryFileInAFolderThatExists() {
        assertThat(load(Map.of("collector.summary-file", dir.resolve("summary.json").toString())).summaryFile())
                .isEqualTo(dir.resolve("summary.json"));
    }

    @Test
    void refusesBrokenValuesNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("collector.batch.give-up-after", "a while")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.batch.give-up-after");
        assertThatThrownBy(() -> load(Map.of("collector.summary-file", dir.resolve("missing/summary.json").toString())))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.summary-file")
                .hasMessageContaining("existing folder");
        assertThatThrownBy(() -> load(Map.of("collector.summary-file", dir.toString())))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.summary-file");
    }
}
