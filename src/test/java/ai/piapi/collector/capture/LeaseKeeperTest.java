package ai.piapi.collector.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A capture that outlasts the lease keeps its task: nobody can claim it until the capture lets go. */
class LeaseKeeperTest {
    private static final Duration LEASE = Duration.ofMillis(300);

    private HikariDataSource dataSource;
    private JdbcLedger ledger;
    private LeaseKeeper keeper;

    @BeforeEach
    void openLedger() {
        dataSource = LedgerDatabase.open("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", null, null, 2);
        ledger = new JdbcLedger(dataSource);
        keeper = new LeaseKeeper(ledger, "me", LEASE, Clock.systemUTC());
        Instant now = Instant.now();
        ledger.admit(List.of("t-1"), "test", now, now.plus(Duration.ofHours(1)));
        assertThat(ledger.claimDue(1, now, "me", now.plus(LEASE))).hasSize(1);
    }

    @AfterEach
    void closeLedger() {
        keeper.close();
        dataSource.close();
    }

    private boolean claimable() {
        Instant now = Instant.now();
        boolean taken = !ledger.claimDue(1, now, "other", now.plus(LEASE)).isEmpty();
        if (taken) {
            ledger.releaseAllLeases();
        }
        return taken;
    }

    @Test
    void renewsTheLeaseUntilTheHoldIsClosed() {
        try (LeaseKeeper.Held held = keeper.hold("t-1")) {
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> !claimable());
        }

        await().atMost(Duration.ofSeconds(10)).until(this::claimable);
    }

    @Test
    void neverRenewsALeaseItDoesNotHold() {
        assertThat(ledger.extendLease("t-1", "someone-else", Instant.now().plusSeconds(60))).isFalse();

        try (LeaseKeeper.Held held = new LeaseKeeper(ledger, "someone-else", LEASE, Clock.systemUTC()).hold("t-1")) {
            await().atMost(Duration.ofSeconds(10)).until(this::claimable);
        }
    }
}
