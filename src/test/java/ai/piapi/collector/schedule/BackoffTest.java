package ai.piapi.collector.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {
    private static final Duration INITIAL = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofSeconds(30);

    private static Backoff withoutJitter() {
        return new Backoff(INITIAL, 1.5, MAX, () -> 0.0);
    }

    @Test
    void waitsTheInitialDelayAfterTheFirstPoll() {
        assertThat(withoutJitter().delayAfter(1)).isEqualTo(INITIAL);
    }

    @Test
    void treatsNoPollYetLikeTheFirst() {
        assertThat(withoutJitter().delayAfter(0)).isEqualTo(INITIAL);
    }

    @Test
    void growsByTheMultiplierPerPoll() {
        Backoff backoff = withoutJitter();
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(3000));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(4500));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofMillis(6750));
    }

    @Test
    void neverWaitsLongerThanTheMax() {
        Backoff backoff = withoutJitter();
        assertThat(backoff.delayAfter(9)).isEqualTo(MAX); // 2s * 1.5^8 = 51s
        assertThat(backoff.delayAfter(10_000)).isEqualTo(MAX);
        assertThat(backoff.delayAfter(Integer.MAX_VALUE)).isEqualTo(MAX);
    }

    @Test
    void staysAtTheInitialDelayWithAMultiplierOfOne() {
        Backoff backoff = new Backoff(INITIAL, 1.0, MAX, () -> 0.0);
        assertThat(backoff.delayAfter(50)).isEqualTo(INITIAL);
    }

    @Test
    void refusesAMultiplierBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(INITIAL, 0.5, MAX, () -> 0.0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.25, 0.5, 0.75, 0.999_999})
    void jitterTakesOffAtMostAFifth(double random) {
        Backoff jittered = new Backoff(INITIAL, 1.5, MAX, () -> random);
        for (int polls = 1; polls <= 12; polls++) {
            long plain = withoutJitter().delayAfter(polls).toMillis();
            assertThat(jittered.delayAfter(polls).toMillis())
                    .as("after poll %d with random %s", polls, random)
                    .isBetween(Math.round(plain * 0.8), plain);
        }
    }

    @Test
    void jitterScalesWithTheRandomDraw() {
        assertThat(new Backoff(INITIAL, 1.5, MAX, () -> 0.5).delayAfter(1)).isEqualTo(Duration.ofMillis(1800));
        assertThat(new Backoff(INITIAL, 1.5, MAX, () -> 0.5).delayAfter(50)).isEqualTo(Duration.ofMillis(27_000));
    }

    @Test
    void keepsTheComputedWaitWhenNoRetryAfterWasGiven() {
        assertThat(withoutJitter().honouring(Duration.ofSeconds(3), null)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void honoursARetryAfterLongerThanTheComputedWait() {
        assertThat(withoutJitter().honouring(Duration.ofSeconds(3), Duration.ofSeconds(120)))
                .isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void capsARetryAfterAtTenTimesTheMax() {
        assertThat(withoutJitter().honouring(Duration.ofSeconds(3), Duration.ofHours(5)))
                .isEqualTo(MAX.multipliedBy(10));
        assertThat(withoutJitter().honouring(Duration.ofSeconds(3), Duration.ofSeconds(Long.MAX_VALUE)))
                .isEqualTo(MAX.multipliedBy(10));
    }

    @Test
    void ignoresARetryAfterShorterThanTheComputedWait() {
        assertThat(withoutJitter().honouring(Duration.ofSeconds(20), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(withoutJitter().honouring(Duration.ofSeconds(20), Duration.ZERO))
                .isEqualTo(Duration.ofSeconds(20));
    }
}
