package ai.piapi.collector.schedule;

import ai.piapi.collector.settings.ConfigurationException;
import ai.piapi.collector.settings.PollRate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PollPaceTest {
    private static final String KEY = "pk-test-0123456789abcdef";
    private static final long SECOND = 1_000_000;

    private static PollPace load(String maxRate) {
        return PollRate.load(k -> Optional.ofNullable(Map.of("collector.poll.max-rate", maxRate).get(k)), KEY,
                Duration.ofMillis(250));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", " 0.0 "})
    void isUnlimitedByDefault(String maxRate) {
        PollPace pace = load(maxRate);
        assertThat(pace.limited()).isFalse();
        assertThat(pace.admits(32, 5 * SECOND, 99 * SECOND)).isEqualTo(32);
        assertThat(pace.slot(5 * SECOND, 99 * SECOND, 7)).isEqualTo(5 * SECOND);
        assertThat(PollRate.load(k -> Optional.empty(), KEY, Duration.ofMillis(250)).limited()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "fast", "NaN", "Infinity", "1/s"})
    void refusesARateThatIsNotANonNegativeNumber(String maxRate) {
        assertThatThrownBy(() -> load(maxRate)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("collector.poll.max-rate");
    }

    @Test
    void spacesPollsOnePercentWiderThanTheRate() {
        assertThat(load("50").spacingMicros()).isEqualTo(20_200);
        assertThat(load("0.5").spacingMicros()).isEqualTo(2_020_000);
        assertThat(load("1000").spacingMicros()).isEqualTo(1_010);
    }

    @Test
    void booksSlotsTwoClaimsAheadAndNoFurther() {
        PollPace pace = load("50"); // 20.2 ms apart; claims every 250 ms book 500 ms ahead
        long now = 100 * SECOND;
        assertThat(pace.horizonMicros()).isEqualTo(SECOND / 2);
        assertThat(pace.admits(200, now, 0)).isEqualTo(25); // slots now, now+20.2ms, ..., now+484.8ms
        assertThat(pace.admits(10, now, 0)).isEqualTo(10);
        assertThat(pace.slot(now, 0, 0)).isEqualTo(now);
        assertThat(pace.slot(now, 0, 3)).isEqualTo(now + 3 * 20_200);
        long next = pace.nextFreeAfter(now, 0, 25);
        assertThat(next).isEqualTo(now + 25 * 20_200);
        assertThat(pace.admits(200, now, next)).as("the bucket is booked a horizon ahead").isZero();
        assertThat(pace.admits(200, now + SECOND / 4, next)).isEqualTo(13);
    }

    @Test
    void givesUnusedSlotsBack() {
        PollPace pace = load("10");
        long now = 7 * SECOND;
        long booked = now + 3 * pace.spacingMicros();
        assertThat(pace.nextFreeAfter(now, booked, 0)).isEqualTo(booked);
        assertThat(pace.nextFreeAfter(now, booked, 2)).isEqualTo(booked + 2 * pace.spacingMicros());
    }

    @Test
    void aRateSlowerThanTheHorizonStillAdmitsOnePollWhenItsSlotHasCome() {
        PollPace pace = load("0.1"); // one poll every 10.1 s
        long now = 50 * SECOND;
        assertThat(pace.admits(5, now, 0)).isEqualTo(1);
        assertThat(pace.admits(5, now, now + pace.spacingMicros())).isZero();
        assertThat(pace.admits(5, now + pace.spacingMicros(), now + pace.spacingMicros())).isEqualTo(1);
    }

    @Test
    void anIdleBucketDoesNotSaveUpABurst() {
        PollPace pace = load("50");
        long now = 3600 * SECOND;
        assertThat(pace.admits(1000, now, 0)).isEqualTo(25); // the same as a bucket used a moment ago
        assertThat(pace.slot(now, 0, 1) - pace.slot(now, 0, 0)).isEqualTo(pace.spacingMicros());
    }

    @Test
    void namesTheBucketByAFingerprintOfTheKeyNeverTheKey() {
        PollPace pace = load("5");
        assertThat(pace.bucket()).startsWith("key-").hasSize(20).doesNotContain(KEY).doesNotContain("0123456789abcdef");
        assertThat(PollPace.fingerprint(KEY)).isEqualTo(pace.bucket());
        assertThat(PollPace.fingerprint(KEY + "x")).isNotEqualTo(pace.bucket());
    }

    @Test
    void looksTwoClaimsAhead() {
        PollPace pace = PollRate.load(k -> Optional.of("5"), KEY, Duration.ofSeconds(3));
        assertThat(pace.horizonMicros()).isEqualTo(6 * SECOND);
    }
}
