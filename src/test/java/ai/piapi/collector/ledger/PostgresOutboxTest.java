package ai.piapi.collector.ledger;

import ai.piapi.collector.support.PostgresLedger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The event outbox on PostgreSQL: the same SQL as on H2, and publishers of several instances never share an event. */
class PostgresOutboxTest {
    private static final Instant T0 = Instant.parse("2026-11-28T15:00:00Z");

    @RegisterExtension
    static final PostgresLedger PG = new PostgresLedger(8);
    HikariDataSource dataSource;

    @BeforeEach
    void ledger() {
        dataSource = PG.dataSource();
    }

    @Test
    void eventsEnterWithTheSettleAndConcurrentClaimsNeverOverlap() throws Exception {
        JdbcLedger ledger = new JdbcLedger(dataSource);
        Outbox outbox = new Outbox(dataSource);
        List<String> ids = IntStream.range(0, 200).mapToObj(i -> "pg-out-" + i).toList();
        ledger.admit(ids, "test", T0, T0.plusSeconds(3600));
        for (String id : ids) {
            OutboxEvent event = new OutboxEvent(OutboxEvent.COMPLETED, id, "{\"task_id\":\"" + id + "\"}");
            assertThat(ledger.settle(id, TaskState.COMPLETED, null, "/c/" + id + ".json", T0, List.of(event))).isTrue();
            assertThat(ledger.settle(id, TaskState.COMPLETED, null, "/c/" + id + ".json", T0, List.of(event))).isFalse();
        }
        assertThat(outbox.pending()).isEqualTo(200);

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<PendingEvent>>> publishers = Collections.nCopies(4, () -> {
                List<PendingEvent> mine = new ArrayList<>();
                for (List<PendingEvent> batch = outbox.claimDue(7, T0, T0.plusSeconds(120)); !batch.isEmpty();
                     batch = outbox.claimDue(7, T0, T0.plusSeconds(120))) {
                    mine.addAll(batch);
                }
                return mine;
            });
            List<String> claimed = new ArrayList<>();
            for (Future<List<PendingEvent>> f : threads.invokeAll(publishers)) {
                f.get().forEach(e -> claimed.add(e.key()));
            }
            assertThat(claimed).hasSize(200);
            assertThat(new HashSet<>(claimed)).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            threads.shutdownNow();
        }

        List<PendingEvent> again = outbox.claimDue(10, T0.plusSeconds(121), T0.plusSeconds(240));
        outbox.retryAt(again.get(0).id(), 1, T0.plusSeconds(500), "broker down");
        again.forEach(e -> {
            if (e != again.get(0)) {
                outbox.sent(e.id());
            }
        });
        assertThat(outbox.pending()).isEqualTo(191);
        assertThat(outbox.claimDue(300, T0.plusSeconds(499), T0.plusSeconds(600))).hasSize(190);
        assertThat(outbox.claimDue(300, T0.plusSeconds(500), T0.plusSeconds(600))).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
    }
}
