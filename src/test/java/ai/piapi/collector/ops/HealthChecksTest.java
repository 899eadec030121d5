package ai.piapi.collector.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.capture.LocalArtifactStore;
import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.domain.StorageUnavailable;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ops.health.ApiKeyHealthCheck;
import ai.piapi.collector.ops.health.FoldersHealthCheck;
import ai.piapi.collector.ops.health.LedgerHealthCheck;
import ai.piapi.collector.ops.health.StorageHealthCheck;
import ai.piapi.collector.poll.AuthGate;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's own health checks, each on its own. */
class HealthChecksTest {
    @TempDir
    Path dir;

    @Test
    void apiKeyCheckFollowsTheAuthGate() {
        AuthGate gate = new AuthGate(Duration.ofMillis(100), Duration.ofSeconds(1));
        ApiKeyHealthCheck check = new ApiKeyHealthCheck(gate);

        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        gate.refused(401, Instant.now());
        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("refuses the API key"));
        gate.accepted();
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
        assertThat(check.getId()).isEqualTo("collector-api-key");
    }

    @Test
    void ledgerCheckIsDownWhenTheDatabaseIsGone() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:health-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        LedgerHealthCheck check = new LedgerHealthCheck(dataSource);

        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        dataSource.close();
        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("ledger"));
    }

    @Test
    void foldersCheckNamesTheKeyOfEachFolderItCannotWrite() throws Exception {
        Path good = Files.createDirectory(dir.resolve("good"));
        Path file = Files.writeString(dir.resolve("file"), "x");
        FoldersHealthCheck check = new FoldersHealthCheck(Map.of("collector.inbox-dir", good,
                "collector.completed-dir", file, "collector.dead-letter-dir", dir.resolve("gone")));

        HealthCheck.Result down = check.call();

        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m)
                .contains("collector.completed-dir", "collector.dead-letter-dir").doesNotContain("collector.inbox-dir"));
        try (var left = Files.list(good)) {
            assertThat(left.toList()).isEmpty(); // the probe file is removed again
        }
        assertThat(new FoldersHealthCheck(Map.of("collector.inbox-dir", good)).call().getState())
                .isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void storageCheckIsDownWhileAWriteFailedEvenWhenAFewBytesStillFit() throws Exception {
        Outage completed = new Outage("the result storage (folder x)", "completed tasks wait in place", Clock.systemUTC());
        Outage deadLetters = new Outage("the dead-letter folder (y)", "dead letters wait in place", Clock.systemUTC());
        Path folder = Files.createDirectory(dir.resolve("completed"));
        StorageHealthCheck check = new StorageHealthCheck(Map.of(
                "completed tasks", new StorageHealthCheck.Target(completed, () -> LocalArtifactStore.probe(folder)),
                "dead letters", new StorageHealthCheck.Target(deadLetters, () -> {
                    throw new StorageUnavailable("cannot write to y: IOException (No space left on device)", null);
                })));

        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("dead letters: cannot write to y")
                .doesNotContain("completed tasks"));
        assertThat(check.getId()).isEqualTo("collector-storage");

        completed.failed("t-1", "IOException", "cannot write x/t-1/.a.png.part: No space left on device");
        assertThat(check.call().getMessage()).hasValueSatisfying(m -> assertThat(m)
                .contains("completed tasks: the result storage (folder x) is unavailable since").contains("t-1/.a.png.part"));
        try (var left = Files.list(folder)) {
            assertThat(left.toList()).as("the probe removes its file").isEmpty();
        }
    }

    @Test
    void ledgerCheckNamesAnOutageTheStagesMetWithoutWaitingForAConnection() {
        Outage outage = new Outage("the ledger database (jdbc:h2:mem:x)", "the stages that need it pause", Clock.systemUTC());
        try (HikariDataSource dataSource = LedgerDatabase.open("jdbc:h2:mem:health-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", null, null, 2, outage)) {
            LedgerHealthCheck check = new LedgerHealthCheck(dataSource);
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);

            outage.failed(null, "PSQLException", "PSQLException: An I/O error occurred while sending to the backend.");

            HealthCheck.Result down = check.call();
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("the ledger database")
                    .contains("I/O error"));
        }
    }
}
