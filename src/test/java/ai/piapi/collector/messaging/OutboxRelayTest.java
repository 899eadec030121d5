package ai.piapi.collector.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.schedule.Backoff;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ledger.Outbox;
import ai.piapi.collector.ledger.OutboxEvent;
import ai.piapi.collector.ledger.PendingEvent;
import ai.piapi.collector.ledger.TaskState;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox (on a real H2 ledger, same SQL as PostgreSQL) and the relay's publish decisions. */
class OutboxRelayTest {
    private static final Instant T0 = Instant.parse("2026-11-28T15:00:00Z");

    private final HikariDataSource db = LedgerDatabase.open("jdbc:h2:mem:" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", null, null, 4);
    private final JdbcLedger ledger = new JdbcLedger(db);
    private final Outbox outbox = new Outbox(db);
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final BrokerStatus status = new BrokerStatus(clock, t -> t);
    private final OutboxRelay relay = new OutboxRelay(outbox, Set.of(OutboxEvent.COMPLETED, OutboxEvent.DEAD_LETTER), status, 10,
            new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), () -> 0.0), clock);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anEventEntersTheOutboxOnlyWhenItsTaskSettles() {
        ledger.admit(List.of("t-1"), "test", T0, T0.plusSeconds(3600));
        OutboxEvent event = new OutboxEvent(OutboxEvent.COMPLETED, "t-1", "{\"task_id\":\"t-1\"}");

        assertThat(ledger.settle("t-1", TaskState.COMPLETED, null, "/x/t-1.json", T0, List.of(event))).isTrue();
        assertThat(ledger.settle("t-1", TaskState.COMPLETED, null, "/x/t-1.json", T0, List.of(event))).isFalse();

        assertThat(relay.claimDue()).extracting(PendingEvent::key).containsExactly("t-1");
    }

    @Test
    void aClaimedEventIsHeldUntilSentAndThenGone() {
        outbox.add(List.of(new OutboxEvent(OutboxEvent.COMPLETED, "a", "{}"), new OutboxEvent(OutboxEvent.DEAD_LETTER, "b", "{}")), T0);

        List<PendingEvent> claimed = relay.claimDue();
        assertThat(claimed).extracting(PendingEvent::key).containsExactly("a", "b");
        assertThat(relay.claimDue()).as("held by the first claim").isEmpty();

        claimed.forEach(relay::sent);
        now = now.plus(OutboxRelay.CLAIM_LEASE).plusSeconds(1);
        assertThat(relay.claimDue()).isEmpty();
        assertThat(relay.pending()).isZero();
    }

    @Test
    void aFailedPublishPausesItsChannelWithBackoffAndKeepsTheEvent() {
        outbox.add(List.of(new OutboxEvent(OutboxEvent.COMPLETED, "a", "{}"), new OutboxEvent(OutboxEvent.COMPLETED, "b", "{}"),
                new OutboxEvent(OutboxEvent.DEAD_LETTER, "c", "{}")), T0);
        status.declare(OutboxRelay.link(OutboxEvent.COMPLETED), "jms:queue:done", true);
        List<PendingEvent> claimed = relay.claimDue();

        assertThat(relay.ready(claimed.get(0))).isTrue();
        relay.failed(claimed.get(0), new ConnectException("connection refused"));
        assertThat(relay.ready(claimed.get(1))).as("same channel waits").isFalse();
        assertThat(relay.ready(claimed.get(2))).as("other channel goes on").isTrue();
        relay.sent(claimed.get(2));
        assertThat(status.state(OutboxRelay.link(OutboxEvent.COMPLETED))).isEqualTo(BrokerStatus.State.DOWN);

        now = now.plusMillis(999);
        assertThat(relay.claimDue()).isEmpty();
        now = now.plusMillis(1);
        List<PendingEvent> retried = relay.claimDue();
        assertThat(retried).extracting(PendingEvent::key).containsExactly("a", "b");
        assertThat(retried.get(0).attempts()).isEqualTo(1);
        assertThat(relay.ready(retried.get(0))).isTrue();
        relay.sent(retried.get(0));
        assertThat(status.state(OutboxRelay.link(OutboxEvent.COMPLETED))).isEqualTo(BrokerStatus.State.UP);
        assertThat(relay.ready(retried.get(1))).isTrue();
    }

    @Test
    void claimsAndBackoffsLeftByACrashEndWhenTheSingleInstanceStartsAgain() {
        outbox.add(List.of(new OutboxEvent(OutboxEvent.COMPLETED, "a", "{}"), new OutboxEvent(OutboxEvent.COMPLETED, "b", "{}")), T0);
        List<PendingEvent> claimed = relay.claimDue();
        relay.failed(claimed.get(1), new ConnectException("connection refused"));
        assertThat(relay.claimDue()).isEmpty();

        assertThat(outbox.releaseAll(now)).isEqualTo(2);

        assertThat(relay.claimDue()).extracting(PendingEvent::key).containsExactly("a", "b");
    }

    @Test
    void anEventOfAnOutputThatIsNoLongerConfiguredWaitsInsteadOfFailing() {
        OutboxRelay onlyDeadLetters = new OutboxRelay(outbox, Set.of(OutboxEvent.DEAD_LETTER), status, 10,
                new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), () -> 0.0), clock);
        outbox.add(List.of(new OutboxEvent(OutboxEvent.COMPLETED, "a", "{}")), T0);

        assertThat(onlyDeadLetters.ready(onlyDeadLetters.claimDue().get(0))).isFalse();
        assertThat(onlyDeadLetters.pending()).isEqualTo(1);
        now = now.plus(OutboxRelay.CLAIM_LEASE).plusSeconds(1);
        assertThat(onlyDeadLetters.claimDue()).isEmpty();
    }
}
