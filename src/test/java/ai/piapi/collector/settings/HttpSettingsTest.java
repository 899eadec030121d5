package ai.piapi.collector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.piapi.collector.settings.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    private static HttpSettings load(Map<String, String> values) {
        return HttpSettings.load(k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void hasDocumentedDefaults() {
        HttpSettings s = load(Map.of());

        assertThat(s.enabled()).isTrue();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.token()).isEmpty();
        assertThat(s.webhookSecret()).isEmpty();
        assertThat(s.acceptUnknown()).isTrue();
        assertThat(s.webhookMaxBody()).isEqualTo(1_048_576);
        assertThat(s.stateCountsCache()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void neverPrintsItsSecrets() {
        HttpSettings s = load(Map.of("collector.http.token", "tok-123456", "collector.webhook.secret", "hook-123456"));

        assertThat(s.toString()).doesNotContain("tok-123456").doesNotContain("hook-123456").contains("***");
    }

    @Test
    void refusesBrokenValuesNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("collector.http.enabled", "yes")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.http.enabled");
        assertThatThrownBy(() -> load(Map.of("collector.http.port", "70000")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.http.port");
        assertThatThrownBy(() -> load(Map.of("collector.webhook.max-body", "1MiB")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.webhook.max-body");
        assertThatThrownBy(() -> load(Map.of("collector.metrics.state-cache", "soon")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.metrics.state-cache");
    }
}
