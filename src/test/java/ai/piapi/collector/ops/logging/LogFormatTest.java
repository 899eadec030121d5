package ai.piapi.collector.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.piapi.collector.settings.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFormatTest {
    @TempDir
    Path dir;

    @Test
    void takesTheFirstValueGivenInCamelsOrder() {
        // system property, environment variable, settings file
        assertThat(LogFormat.format(null, null, null)).isEqualTo("text");
        assertThat(LogFormat.format(null, null, "json")).isEqualTo("json");
        assertThat(LogFormat.format(null, " JSON ", "text")).isEqualTo("json");
        assertThat(LogFormat.format("text", "json", "json")).isEqualTo("text");
        assertThat(LogFormat.format("", "json", null)).isEqualTo("json");
        assertThat(LogFormat.format("yaml", null, null)).isEqualTo("text"); // refused by LogSettings at start-up
    }

    @Test
    void readsTheSettingsFileOfTheWorkingFolder() throws Exception {
        Path file = dir.resolve("application.properties");
        assertThat(LogFormat.fromFile(file)).isNull();
        Files.writeString(file, "# logs\ncollector.log.format = json\ncollector.http.port = 0\n");
        assertThat(LogFormat.fromFile(file)).isEqualTo("json");
    }

    @Test
    void startUpRefusesAnUnknownFormatNamingTheKey() {
        assertThat(LogSettings.load(key -> Optional.empty()).format()).isEqualTo("text");
        assertThat(LogSettings.load(key -> Optional.ofNullable(Map.of("collector.log.format", "Json").get(key))).format())
                .isEqualTo("json");
        assertThatThrownBy(() -> LogSettings.load(key -> Optional.of("xml"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("collector.log.format: 'xml' is not text or json");
    }
}
