package ai.piapi.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.schedule.RunTimeKey;
import ai.piapi.collector.poll.RunTimeLearner;
import ai.piapi.collector.support.PostgresDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Learned run times in the ledger: kept across restarts, shared by instances, no sample lost to a race. */
class RunTimeStoreTest {
    private static final RunTimeKey FLUX = new RunTimeKey("Qubico/flux1-schnell", "txt2img");
    private static final RunTimeKey WAN = new RunTimeKey("Qubico/wanx", "txt2video");

    @TempDir
    Path state;

    @Test
    void whatOneRunLearnedIsKnownAfterARestart() {
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 2)) {
            RunTimeLearner first = new RunTimeLearner(new RunTimeStore(ds), Clock.systemUTC());
            for (int i = 0; i < 30; i++) {
                first.observe(FLUX, 20_000 + i * 100L);
            }
            first.observe(WAN, 90_000);
            first.share();
        }
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 2)) {
            RunTimeLearner restarted = new RunTimeLearner(new RunTimeStore(ds), Clock.systemUTC());
            assertThat(restarted.learned(FLUX)).isEmpty();

            restarted.share();

            assertThat(restarted.learned(FLUX).orElseThrow().samples()).isEqualTo(30);
            assertThat(restarted.learned(FLUX).orElseThrow().quantile(0.5)).isBetween(20_000.0, 23_000.0);
            assertThat(restarted.learned(WAN).orElseThrow().samples()).isEqualTo(1);
        }
    }

    @Test
    void samplesSeenWhileSharingAreKeptForTheNextShare() {
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(state), null, null, 2)) {
            RunTimeLearner learner = new RunTimeLearner(new RunTimeStore(ds), Clock.systemUTC());
            learner.observe(FLUX, 1_000);
            learner.share();
            learner.observe(FLUX, 2_000);

            assertThat(learner.learned(FLUX).orElseThrow().samples()).isEqualTo(2); // known here at once
            learner.share();
            assertThat(new RunTimeStore(ds).loadAll().get(FLUX).samples()).isEqualTo(2);
        }
    }

    @Test
    void instancesOnPostgresLearnTogetherWithoutLosingASample() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.create(); HikariDataSource ds = db.open(8)) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<RunTimeLearner> instances = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                instances.add(new RunTimeLearner(new RunTimeStore(ds), Clock.systemUTC()));
            }
            List<Future<?>> work = new ArrayList<>();
            for (RunTimeLearner instance : instances) {
                work.add(threads.submit(() -> {
                    for (int round = 0; round < 10; round++) {
                        for (int s = 0; s < 5; s++) {
                            instance.observe(FLUX, 10_000);
                            instance.observe(WAN, 60_000);
                        }
                        instance.share();
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            threads.shutdown();

            instances.get(0).share();
            assertThat(instances.get(0).learned(FLUX).orElseThrow().samples()).isEqualTo(200);
            assertThat(instances.get(0).learned(WAN).orElseThrow().samples()).isEqualTo(200);
        }
    }
}
