package ai.piapi.collector.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 7 ", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateInTheFutureAsTheTimeUntilThen() {
        assertThat(RetryAfter.parse(httpDate(NOW.plusSeconds(90)), NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:05:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void readsAnHttpDateInThePastAsNoWait() {
        assertThat(RetryAfter.parse(httpDate(NOW.minusSeconds(3600)), NOW)).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5", "1.5", "12s", "2026-03-01T12:05:00Z", "Sun, 01 Mar 2026"})
    void ignoresAValueItCannotRead(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void ignoresAnAbsentOrBlankValue(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isNull();
    }

    @Test
    void ignoresANumberTooLargeToHold() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isNull();
    }

    @Test
    void passesOnAHugeButHoldableNumberForTheBackoffToCap() {
        assertThat(RetryAfter.parse(String.valueOf(Long.MAX_VALUE), NOW)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
    }
}
