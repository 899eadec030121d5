package ai.piapi.collector.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiapiTimeTest {

    @ParameterizedTest
    @CsvSource({
        "2026-11-28T02:00:05Z, 2026-11-28T02:00:05Z",
        "2026-11-28T02:00:05.1Z, 2026-11-28T02:00:05.100Z",
        "2026-11-28T02:00:05.123456Z, 2026-11-28T02:00:05.123456Z",
        "2026-11-28T10:00:00.123456789+08:00, 2026-11-28T02:00:00.123456789Z",
        "2026-11-27T21:00:05-05:00, 2026-11-28T02:00:05Z",
        "2026-11-28t02:00:05z, 2026-11-28T02:00:05Z"
    })
    void readsRfc3339WithAnyFractionAndOffset(String text, String expected) {
        assertThat(PiapiTime.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0001-01-01T00:00:00Z", "0001-01-01T08:00:00+08:00", "", "  ", "yesterday",
        "2026-11-28 02:00:05", "2026-11-28T02:00:05", "2026-11-28T02:00:05.1234567890Z"})
    void treatsYearOneAndUnreadableTextAsNone(String text) {
        assertThat(PiapiTime.parse(text)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void treatsNullAsNone() {
        assertThat(PiapiTime.parse(null)).isEmpty();
    }
}
