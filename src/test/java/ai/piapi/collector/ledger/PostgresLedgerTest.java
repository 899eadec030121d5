package ai.piapi.collector.ledger;

import ai.piapi.collector.support.PostgresLedger;
import org.junit.jupiter.api.extension.RegisterExtension;
import ai.piapi.collector.settings.PollRate;
import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.schedule.PollPace;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger on a real PostgreSQL, as several instances use it at once: claims, leases, settling, the poll rate. */
class PostgresLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);

    @RegisterExtension
    static final PostgresLedger PG = new PostgresLedger(16, "task", "task_event", "poll_pace", "inbox_claim");
    static HikariDataSource dataSource;
    final ExecutorService threads = Executors.newFixedThreadPool(8);
    JdbcLedger ledger;

    @BeforeEach
    void emptyLedger() {
        dataSource = PG.dataSource();
        ledger = new JdbcLedger(dataSource);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("pg-%04d", i)).toList();
    }

    private static PollRecord reschedule(int polls, Instant next) {
        return new PollRecord(polls, 0, next, null, "processing", 200, null, null, null, null);
    }

    private static PollRecord finalPoll(int polls, Instant leaseUntil) {
        return new PollRecord(polls, 0, leaseUntil, leaseUntil, "completed", 200, null, null, null, null);
    }

    @Test
    void migratesTheSchemaWithFlywayAndAdmitsIdempotently() {
        assertThat(ledger.admit(ids(3), "a.txt", T0, T0.plus(Duration.ofDays(1)))).isEqualTo(new AdmitResult(3, 0, 0));
        assertThat(ledger.admit(ids(5), "b.txt", T0, T0.plus(Duration.ofDays(1)))).isEqualTo(new AdmitResult(2, 0, 3));
        assertThat(ledger.countByState()).containsEntry(TaskState.OPEN, 5L);
        assertThat(ledger.find("pg-0001").orElseThrow().duplicates()).isEqualTo(1);
    }

    @Test
    void instancesClaimingAtOnceNeverLeaseTheSameTask() throws Exception {
        ledger.admit(ids(600), "all.txt", T0, T0.plus(Duration.ofDays(1)));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> claims = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String owner = "instance-" + i;
            JdbcLedger own = new JdbcLedger(dataSource);
            claims.add(threads.submit(() -> {
                go.await();
                List<String> mine = new ArrayList<>();
                for (List<ClaimedTask> batch; !(batch = own.claimDue(16, T0, owner, T0.plus(LEASE))).isEmpty(); ) {
                    batch.forEach(t -> mine.add(t.taskId()));
                }
                return mine;
            }));
        }
        go.countDown();
        List<String> all = new ArrayList<>();
        int instancesThatClaimed = 0;
        for (Future<List<String>> f : claims) {
            List<String> mine = f.get();
            all.addAll(mine);
            instancesThatClaimed += mine.isEmpty() ? 0 : 1;
        }
        assertThat(all).hasSize(600).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(600));
        assertThat(instancesThatClaimed).as("SKIP LOCKED let the instances claim side by side").isGreaterThan(1);
        assertThat(leaseOwners().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(600);
    }

    @Test
    void aCrashedInstancesLeaseRunsOutAndAnotherTakesTheTaskOver() {
        ledger.admit(List.of("t-1"), "a.txt", T0, T0.plus(Duration.ofDays(1)));
        ClaimedTask byA = ledger.claimDue(10, T0, "a", T0.plus(LEASE)).get(0);
        assertThat(byA.leaseUntil()).isEqualTo(T0.plus(LEASE));

        assertThat(ledger.claimDue(10, T0.plus(Duration.ofSeconds(59)), "b", T0.plus(Duration.ofSeconds(119))))
                .as("still leased to a").isEmpty();
        Instant later = T0.plus(LEASE).plusMillis(1);
        assertThat(ledger.claimDue(10, later, "b", later.plus(LEASE))).extracting(ClaimedTask::taskId).containsExactly("t-1");

        assertThat(ledger.recordPoll("t-1", "a", finalPoll(1, later.plus(LEASE)))).as("a lost its lease").isFalse();
        assertThat(ledger.recordPoll("t-1", "b", finalPoll(1, later.plus(LEASE)))).isTrue();
        assertThat(ledger.settle("t-1", TaskState.COMPLETED, null, "/c/t-1.json", later)).isTrue();
        assertThat(ledger.recordPoll("t-1", "b", reschedule(2, later))).as("settled: no more polls recorded").isFalse();
    }

    @Test
    void aRescheduleReleasesTheLeaseAtOnce() {
        ledger.admit(List.of("t-1"), "a.txt", T0, T0.plus(Duration.ofDays(1)));
        ledger.claimDue(10, T0, "a", T0.plus(LEASE));
        assertThat(ledger.recordPoll("t-1", "a", reschedule(1, T0.plusSeconds(2)))).isTrue();

        assertThat(ledger.claimDue(10, T0.plusSeconds(1), "b", T0.plus(LEASE))).as("not due yet").isEmpty();
        assertThat(ledger.claimDue(10, T0.plusSeconds(2), "b", T0.plus(LEASE))).hasSize(1);
        assertThat(ledger.find("t-1").orElseThrow().polls()).isEqualTo(1);
    }

    @Test
    void settlingRacedByTwoInstancesHappensOnce() throws Exception {
        List<String> ids = ids(200);
        ledger.admit(ids, "a.txt", T0, T0.plus(Duration.ofDays(1)));
        List<Callable<Integer>> racers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (String owner : List.of("a", "b")) {
            JdbcLedger own = new JdbcLedger(dataSource);
            TaskState verdict = owner.equals("a") ? TaskState.COMPLETED : TaskState.DEAD;
            racers.add(() -> {
                go.await();
                int won = 0;
                for (String id : ids) {
                    won += own.settle(id, verdict, verdict == TaskState.DEAD ? "task_failed" : null, owner, T0) ? 1 : 0;
                }
                return won;
            });
        }
        List<Future<Integer>> results = new ArrayList<>();
        racers.forEach(r -> results.add(threads.submit(r)));
        go.countDown();
        assertThat(results.get(0).get() + results.get(1).get()).isEqualTo(200);
        assertThat(ledger.countByState()).containsEntry(TaskState.OPEN, 0L);
        assertThat(query("SELECT COUNT(*) FROM task_event WHERE kind IN ('completed', 'dead_lettered')")).isEqualTo(200);
        assertThat(query("SELECT COUNT(*) FROM (SELECT task_id FROM task_event WHERE kind IN ('completed', 'dead_lettered')"
                + " GROUP BY task_id HAVING COUNT(*) > 1) twice")).isZero();
    }

    @Test
    void pacedClaimsOfAllInstancesShareOneRate() throws Exception {
        ledger.admit(ids(2000), "all.txt", T0, T0.plus(Duration.ofDays(1)));
        PollPace pace = PollRate.load(k -> Optional.of("40"), "pk-shared", Duration.ofMillis(250));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<ClaimedTask>>> claims = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String owner = "instance-" + i;
            JdbcLedger own = new JdbcLedger(dataSource, pace, Clock.fixed(T0, ZoneOffset.UTC));
            claims.add(threads.submit(() -> {
                go.await();
                List<ClaimedTask> mine = new ArrayList<>();
                for (int step = 0; step <= 40; step++) { // 4 s of claims, 100 ms apart, all at the same moments
                    Instant now = T0.plusMillis(100L * step);
                    mine.addAll(own.claimDue(16, now, owner, now.plus(LEASE)));
                }
                return mine;
            }));
        }
        go.countDown();
        List<Instant> slots = new ArrayList<>();
        for (Future<List<ClaimedTask>> f : claims) {
            f.get().forEach(t -> slots.add(t.pollAt()));
        }
        Collections.sort(slots);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1), slots.get(i)).toNanos() / 1000)
                    .as("slot %d", i).isGreaterThanOrEqualTo(pace.spacingMicros());
        }
        assertThat(slots.get(0)).isEqualTo(T0);
        // 4 s plus the 0.5 s horizon at 40 polls/s (less the 1% margin): about 180 slots, however the claims interleave
        assertThat(slots).hasSizeBetween(170, 182);
        assertThat(slots.get(slots.size() - 1)).isBefore(T0.plusMillis(4501));
    }

    @Test
    void anUnlimitedLedgerPollsAtOnceAndKeepsNoBucket() throws Exception {
        ledger.admit(ids(5), "a.txt", T0, T0.plus(Duration.ofDays(1)));
        assertThat(ledger.claimDue(10, T0, "a", T0.plus(LEASE))).hasSize(5).allSatisfy(t -> assertThat(t.pollAt()).isEqualTo(T0));
        assertThat(query("SELECT COUNT(*) FROM poll_pace")).isZero();
    }

    private Map<String, Long> leaseOwners() throws Exception {
        Map<String, Long> owners = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT lease_owner, COUNT(*) FROM task GROUP BY lease_owner")) {
            while (rs.next()) {
                owners.put(rs.getString(1), rs.getLong(2));
            }
        }
        return owners;
    }

    private long query(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
