package ai.piapi.collector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {
    private static SettingsReader reader(Map<String, String> values) {
        return new SettingsReader(k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void refusesAnEmptyValueWhereTheKeyHasADefaultWhateverItsType() {
        // COLLECTOR_HTTP_PORT= and COLLECTOR_POLL_CONCURRENCY= are read by one rule: both stop start-up
        assertThatThrownBy(() -> HttpSettings.load(k -> Optional.ofNullable(Map.of("collector.http.port", " ").get(k))))
                .isInstanceOf(ConfigurationException.class).hasMessage(
                        "collector.http.port is empty: leave it out for its default (8080) or give a value");
        assertThatThrownBy(() -> reader(Map.of("collector.poll.concurrency", "")).whole("collector.poll.concurrency", "16", 1))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.poll.concurrency is empty");
        assertThatThrownBy(() -> reader(Map.of("collector.http.host", "")).text("collector.http.host", "127.0.0.1"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.http.host is empty");
    }

    @Test
    void takesAnEmptyValueAsUnsetWhereTheDefaultIsEmpty() {
        assertThat(reader(Map.of("collector.http.token", "  ")).text("collector.http.token", "")).isEmpty();
        assertThat(HttpSettings.load(k -> Optional.ofNullable(Map.of("collector.webhook.secret", "").get(k))).webhookSecret())
                .isEmpty();
    }

    @Test
    void namesTheKeyFirstInEveryError() {
        SettingsReader r = reader(Map.of("a", "x", "b", "70000", "c", "maybe", "d", "1.5x", "e", "lots"));
        assertThatThrownBy(() -> r.whole("a", "1", 1)).hasMessage("a: 'x' is not a whole number of at least 1");
        assertThatThrownBy(() -> r.port("b", "1")).hasMessageStartingWith("b: '70000' is not a port number");
        assertThatThrownBy(() -> r.flag("c", "true")).hasMessage("c: 'maybe' is not true or false");
        assertThatThrownBy(() -> r.duration("d", "1s")).hasMessageStartingWith("d: ");
        assertThatThrownBy(() -> r.size("e", "1GiB")).hasMessageStartingWith("e: ");
    }
}
