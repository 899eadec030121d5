package ai.piapi.collector.poll;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.ledger.ClaimedTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PollTurnTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final PollTurn turn = new PollTurn(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(40), Duration.ZERO);

    private static ClaimedTask claimed(Instant leaseUntil, Instant pollAt) {
        return new ClaimedTask("t-1", 0, 0, NOW, NOW.plusSeconds(3600), leaseUntil, pollAt);
    }

    @Test
    void waitsForTheSlotRoundedUpToAWholeMillisecond() {
        assertThat(turn.millisUntilSlot(claimed(NOW.plusSeconds(60), NOW))).isZero();
        assertThat(turn.millisUntilSlot(claimed(NOW.plusSeconds(60), NOW.minusMillis(5)))).isZero();
        assertThat(turn.millisUntilSlot(claimed(NOW.plusSeconds(60), NOW.plusNanos(20_200_000)))).isEqualTo(21);
        assertThat(turn.millisUntilSlot(claimed(NOW.plusSeconds(60), NOW.plusMillis(300)))).isEqualTo(300);
    }

    @Test
    void pollsOnlyWhileTheLeaseCoversTheLongestPoll() {
        assertThat(turn.leaseCoversPoll(claimed(NOW.plusSeconds(60), NOW))).isTrue();
        assertThat(turn.leaseCoversPoll(claimed(NOW.plusSeconds(41), NOW))).isTrue();
        assertThat(turn.leaseCoversPoll(claimed(NOW.plusSeconds(40), NOW))).isFalse();
        assertThat(turn.leaseCoversPoll(claimed(NOW.minusSeconds(1), NOW))).isFalse();
    }

    @Test
    void underARateLimitLateTasksGoOutOneSlotApartInsteadOfAllAtOnce() {
        PollTurn limited = new PollTurn(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(40), Duration.ofMillis(50));

        // three tasks whose booked slots passed while the machine was busy, and one booked ahead
        assertThat(limited.millisUntilSlot(claimed(NOW.plusSeconds(60), NOW.minusMillis(300)))).isZero();
        assertThat(limited.millisUntilSlot(claimed(NOW.plusSeconds(60), NOW.minusMillis(250)))).isEqualTo(50);
        assertThat(limited.millisUntilSlot(claimed(NOW.plusSeconds(60), NOW.minusMillis(200)))).isEqualTo(100);
        assertThat(limited.millisUntilSlot(claimed(NOW.plusSeconds(60), NOW.plusMillis(400)))).isEqualTo(400);
        assertThat(limited.millisUntilSlot(claimed(NOW.plusSeconds(60), NOW.plusMillis(410)))).isEqualTo(450);
    }
}
