package ai.piapi.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void matchesOnlyTheExactConfiguredSecret() {
        assertThat(Secrets.matches("s3cret", "s3cret")).isTrue();
        assertThat(Secrets.matches("s3cret", "s3cre")).isFalse();
        assertThat(Secrets.matches("s3cret", "s3cret ")).isFalse();
        assertThat(Secrets.matches("s3cret", "S3CRET")).isFalse();
        assertThat(Secrets.matches("s3cret", "")).isFalse();
        assertThat(Secrets.matches("s3cret", null)).isFalse();
    }

    @Test
    void refusesEverythingWhenNoSecretIsConfigured() {
        assertThat(Secrets.matches("", "")).isFalse();
        assertThat(Secrets.matches(null, null)).isFalse();
        assertThat(Secrets.matches(null, "anything")).isFalse();
    }

    @Test
    void comparesNonAsciiSecrets() {
        assertThat(Secrets.matches("clé-ü-密", "clé-ü-密")).isTrue();
        assertThat(Secrets.matches("clé-ü-密", "cle-u-密")).isFalse();
    }
}
