package ai.piapi.collector.ledger;

import ai.piapi.collector.support.PostgresLedger;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.support.ManualClock;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbox's read lock across instances, on a real PostgreSQL: one reader per file, crashed readers taken over. */
class InboxClaimsTest {
    private static final Duration LEASE = Duration.ofSeconds(60);

    @RegisterExtension
    static final PostgresLedger PG = new PostgresLedger(12, "inbox_claim");
    HikariDataSource dataSource;
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T12:00:00Z"));
    final ExecutorService threads = Executors.newFixedThreadPool(6);
    InboxClaims a;
    InboxClaims b;

    @BeforeEach
    void noClaims() {
        dataSource = PG.dataSource();
        a = new InboxClaims(dataSource, "a", LEASE, clock);
        b = new InboxClaims(dataSource, "b", LEASE, clock);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aFileIsReadByOneInstanceUntilItIsGivenUp() {
        assertThat(a.add("/inbox/x.txt")).isTrue();
        assertThat(b.add("/inbox/x.txt")).isFalse();
        assertThat(a.add("/inbox/x.txt")).as("not even twice by its reader").isFalse();
        assertThat(b.contains("/inbox/x.txt")).isTrue();
        assertThat(b.remove("/inbox/x.txt")).as("only the reader gives it up").isFalse();
        assertThat(b.add("/inbox/x.txt")).isFalse();

        assertThat(a.remove("/inbox/x.txt")).isTrue();
        assertThat(b.contains("/inbox/x.txt")).isFalse();
        assertThat(b.add("/inbox/x.txt")).as("a file of the same name dropped later").isTrue();
    }

    @Test
    void aCrashedReadersClaimRunsOutAndExactlyOneInstanceTakesItOver() throws Exception {
        assertThat(a.add("/inbox/x.txt")).isTrue(); // and a dies: nobody renews it
        clock.advance(LEASE.minusSeconds(1));
        assertThat(b.add("/inbox/x.txt")).isFalse();
        clock.advance(Duration.ofSeconds(2));

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> racers = new ArrayList<>();
        for (String owner : List.of("b", "c", "d", "e")) {
            InboxClaims claims = new InboxClaims(dataSource, owner, LEASE, clock);
            racers.add(threads.submit(() -> {
                go.await();
                return claims.add("/inbox/x.txt");
            }));
        }
        go.countDown();
        long winners = 0;
        for (Future<Boolean> f : racers) {
            winners += f.get() ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void aReaderThatRenewsKeepsItsFile() {
        assertThat(a.add("/inbox/big.txt")).isTrue();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(40));
            a.renew();
            assertThat(b.add("/inbox/big.txt")).as("after %d s", 40 * (i + 1)).isFalse();
        }
        a.confirm("/inbox/big.txt"); // no longer renewed: runs out one lease later
        clock.advance(LEASE.plusSeconds(1));
        assertThat(b.add("/inbox/big.txt")).isTrue();
    }

    @Test
    void instancesRacingForManyFilesTakeEachOnce() throws Exception {
        List<String> files = IntStream.range(0, 100).mapToObj(i -> "/inbox/f-" + i + ".txt").toList();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> racers = new ArrayList<>();
        for (String owner : List.of("a", "b", "c")) {
            InboxClaims claims = new InboxClaims(dataSource, owner, LEASE, clock);
            racers.add(threads.submit(() -> {
                go.await();
                return (int) files.stream().filter(claims::add).count();
            }));
        }
        go.countDown();
        int taken = 0;
        for (Future<Integer> f : racers) {
            taken += f.get();
        }
        assertThat(taken).isEqualTo(100);
    }

    @Test
    void aPathTooLongForTheColumnIsClaimedByItsDigest() {
        String deep = "/inbox/" + "d/".repeat(700) + "x.txt";
        assertThat(InboxClaims.stored(deep)).startsWith("sha256:").hasSize(71);
        assertThat(InboxClaims.stored("/inbox/x.txt")).isEqualTo("/inbox/x.txt");
        assertThat(a.add(deep)).isTrue();
        assertThat(b.add(deep)).isFalse();
        assertThat(a.remove(deep)).isTrue();
    }

    @Test
    void clearDropsEveryClaim() {
        a.add("/inbox/x.txt");
        b.add("/inbox/y.txt");
        a.clear();
        assertThat(b.contains("/inbox/x.txt")).isFalse();
        assertThat(a.contains("/inbox/y.txt")).isFalse();
    }
}
