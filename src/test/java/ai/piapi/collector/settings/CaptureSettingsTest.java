package ai.piapi.collector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptureSettingsTest {
    private static CaptureSettings load(Map<String, String> values) {
        return CaptureSettings.load(k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void hasTheDocumentedDefaults() {
        CaptureSettings s = load(Map.of());

        assertThat(s.enabled()).isTrue();
        assertThat(s.allowedHosts()).isEmpty();
        assertThat(s.maxBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.downloadTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(s.s3()).isFalse();
    }

    @Test
    void readsAHostListAndS3Storage() {
        CaptureSettings s = load(Map.of("collector.artifacts.allowed-hosts", " img.theapi.app, Storage.CDN-luma.com ,,127.0.0.1",
                "collector.storage.type", "S3", "collector.storage.s3.bucket", "results", "collector.storage.s3.prefix", "piapi/",
                "collector.storage.s3.endpoint", "http://127.0.0.1:9000/", "collector.artifacts.max-bytes", "200MiB"));

        assertThat(s.allowedHosts()).containsExactly("img.theapi.app", "storage.cdn-luma.com", "127.0.0.1");
        assertThat(s.s3()).isTrue();
        assertThat(s.endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(s.key("t-1/a.png")).isEqualTo("piapi/t-1/a.png");
        assertThat(s.maxBytes()).isEqualTo(200L * 1024 * 1024);
    }

    @Test
    void refusesBrokenValuesNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("collector.storage.type", "ftp")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.storage.type:");
        assertThatThrownBy(() -> load(Map.of("collector.storage.type", "s3")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.storage.s3.bucket is empty");
        assertThatThrownBy(() -> load(Map.of("collector.artifacts.allowed-hosts", "https://img.theapi.app/")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.artifacts.allowed-hosts:");
        assertThatThrownBy(() -> load(Map.of("collector.artifacts.max-bytes", "lots")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.artifacts.max-bytes:");
        assertThatThrownBy(() -> load(Map.of("collector.artifacts.max-bytes", "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.artifacts.max-bytes:");
        assertThatThrownBy(() -> load(Map.of("collector.artifacts.concurrency", "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.artifacts.concurrency:");
        assertThatThrownBy(() -> load(Map.of("collector.artifacts.enabled", "yes")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.artifacts.enabled:");
        assertThatThrownBy(() -> load(Map.of("collector.storage.s3.endpoint", "minio:9000")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("collector.storage.s3.endpoint:");
    }
}
