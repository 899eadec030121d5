package ai.piapi.collector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CollectorSettingsTest {
    private static final String KEY = "pk-test-0123456789abcdef";

    private static CollectorSettings load(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return CollectorSettings.load(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void refusesToStartWithoutAnApiKey() {
        assertThatThrownBy(CollectorSettingsTest::load)
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("piapi.api-key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void refusesABlankApiKey(String key) {
        assertThatThrownBy(() -> load("piapi.api-key", key))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("piapi.api-key");
    }

    @Test
    void usesTheDocumentedDefaultsWhenKeysAreAbsent() {
        CollectorSettings s = load("piapi.api-key", KEY);

        assertThat(s.apiKey()).isEqualTo(KEY);
        assertThat(s.baseUrl()).isEqualTo("https://api.piapi.ai");
        assertThat(s.inboxDir()).isEqualTo(Path.of("data/inbox").toAbsolutePath().normalize());
        assertThat(s.completedDir()).isEqualTo(Path.of("data/completed").toAbsolutePath().normalize());
        assertThat(s.deadLetterDir()).isEqualTo(Path.of("data/dead-letter").toAbsolutePath().normalize());
        assertThat(s.stateDir()).isEqualTo(Path.of("data/state").toAbsolutePath().normalize());
        assertThat(s.initialDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.multiplier()).isEqualTo(1.5);
        assertThat(s.maxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.concurrency()).isEqualTo(16);
        assertThat(s.taskDeadline()).isEqualTo(Duration.ofHours(24));
        assertThat(s.maxTransientErrors()).isEqualTo(10);
        assertThat(s.exitWhenDone()).isFalse();
        assertThat(s.embeddedLedger()).isTrue();
    }

    @Test
    void readsGivenValues() {
        CollectorSettings s = load("piapi.api-key", "  " + KEY + " ", "piapi.base-url", "http://localhost:8089/",
                "collector.poll.initial-delay", "250ms", "collector.poll.multiplier", "2",
                "collector.poll.max-delay", "5m", "collector.poll.concurrency", "4", "collector.task-deadline", "1d",
                "collector.max-transient-errors", "3", "collector.exit-when-done", "TRUE",
                "collector.ledger.url", "jdbc:postgresql://db/collector");

        assertThat(s.apiKey()).isEqualTo(KEY);
        assertThat(s.baseUrl()).isEqualTo("http://localhost:8089");
        assertThat(s.initialDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.multiplier()).isEqualTo(2.0);
        assertThat(s.maxDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.taskDeadline()).isEqualTo(Duration.ofDays(1));
        assertThat(s.maxTransientErrors()).isEqualTo(3);
        assertThat(s.exitWhenDone()).isTrue();
        assertThat(s.embeddedLedger()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "-1s", "soon", "", "0s", "99999999999999999999d", "9223372036854775807d"})
    void malformedDurationNamesItsKey(String value) {
        assertThatThrownBy(() -> load("piapi.api-key", KEY, "collector.poll.max-delay", value))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.poll.max-delay");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "many", "1.5", ""})
    void badConcurrencyNamesItsKey(String value) {
        assertThatThrownBy(() -> load("piapi.api-key", KEY, "collector.poll.concurrency", value))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.poll.concurrency");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", ""})
    void badBooleanNamesItsKey(String value) {
        assertThatThrownBy(() -> load("piapi.api-key", KEY, "collector.exit-when-done", value))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.exit-when-done");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", "NaN", "Infinity", "fast"})
    void badMultiplierNamesItsKey(String value) {
        assertThatThrownBy(() -> load("piapi.api-key", KEY, "collector.poll.multiplier", value))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.poll.multiplier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.piapi.ai", "ftp://api.piapi.ai", "https://", "https://api.piapi.ai?x=1"})
    void badBaseUrlNamesItsKey(String value) {
        assertThatThrownBy(() -> load("piapi.api-key", KEY, "piapi.base-url", value))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("piapi.base-url");
    }

    @Test
    void emptyFolderNamesItsKey() {
        assertThatThrownBy(() -> load("piapi.api-key", KEY, "collector.inbox-dir", " "))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.inbox-dir");
    }

    @Test
    void configurationErrorsNeverQuoteTheApiKey() {
        assertThatThrownBy(() -> load("piapi.api-key", KEY, "collector.poll.concurrency", "x"))
                .hasMessageNotContaining(KEY);
    }

    @Test
    void toStringNeverContainsTheApiKey() {
        CollectorSettings s = load("piapi.api-key", KEY);

        assertThat(s.toString()).doesNotContain(KEY).doesNotContain("pk-test").contains("api.piapi.ai");
    }
}
