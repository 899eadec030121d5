package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the packaged collector while tasks are open; a restart on the same state finishes every task once. */
class CrashRecoveryIT {
    private static final int TASKS = 300;

    @TempDir
    Path work;

    @Test
    void everyTaskEndsCompletedOrDeadLetteredExactlyOnceAfterKillMinus9() throws Exception {
        List<String> ids = IntStream.range(0, TASKS).mapToObj(i -> String.format("crash-%04d", i)).toList();
        try (PiapiStub piapi = new PiapiStub()) {
            for (int i = 0; i < TASKS; i++) {
                String id = ids.get(i);
                if (i % 10 == 0) {
                    piapi.script(id, task(id, "processing"), failedTask(id, "boom"));
                } else {
                    piapi.script(id, task(id, "pending"), task(id, "processing"), task(id, "completed"));
                }
            }
            Files.createDirectories(work.resolve("data/inbox"));
            Files.writeString(work.resolve("data/inbox/all.txt"), String.join("\n", ids) + "\n");
            Properties settings = new Properties();
            settings.setProperty("piapi.base-url", piapi.baseUrl());
            settings.setProperty("piapi.api-key", CollectorRun.API_KEY);
            settings.setProperty("collector.poll.initial-delay", "300ms");
            settings.setProperty("collector.poll.max-delay", "1s");
            settings.setProperty("collector.poll.concurrency", "4");
            settings.setProperty("collector.poll.claim-interval", "50");

            CollectorProcess first = CollectorProcess.start(work, settings, work.resolve("first.log"));
            await().atMost(Duration.ofSeconds(90)).until(() -> settled().size() >= TASKS / 5);
            first.killHard();
            assertThat(first.isAlive()).isFalse();
            assertThat(settled().size()).as("killed mid-run").isLessThan(TASKS);

            // the restart runs in batch mode: it exits once no task is open in the ledger (2 if it dead-lettered some)
            settings.setProperty("collector.exit-when-done", "true");
            CollectorProcess second = CollectorProcess.start(work, settings, work.resolve("second.log"));
            assertThat(second.awaitExit(120)).isIn(0, 2);

            Set<String> completed = names("data/completed");
            Set<String> dead = names("data/dead-letter");
            assertThat(completed).doesNotContainAnyElementsOf(dead);
            Set<String> all = new HashSet<>(completed);
            all.addAll(dead);
            assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(dead).hasSize(TASKS / 10);
            assertThat(leftovers()).isEmpty();
            try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(work.resolve("data/state")), null, null, 2)) {
                Map<TaskState, Long> counts = new JdbcLedger(ds).countByState();
                assertThat(counts).containsEntry(TaskState.OPEN, 0L).containsEntry(TaskState.COMPLETED, (long) TASKS * 9 / 10)
                        .containsEntry(TaskState.DEAD, (long) TASKS / 10);
                try (var c = ds.getConnection(); var rs = c.createStatement().executeQuery(
                        "SELECT task_id, COUNT(*) FROM task_event WHERE kind IN ('completed', 'dead_lettered')"
                                + " GROUP BY task_id HAVING COUNT(*) <> 1")) {
                    assertThat(rs.next()).as("a task settled more than once").isFalse();
                }
            }
            CollectorRun.assertNoSecretUnder(work, PiapiStub.WEBHOOK_SECRET);
        }
    }

    /** Task IDs with a final file in either folder (a file may appear in both only by a bug). */
    private List<String> settled() throws IOException {
        List<String> out = new java.util.ArrayList<>(names("data/completed"));
        out.addAll(names("data/dead-letter"));
        return out;
    }

    private Set<String> names(String folder) throws IOException {
        Path dir = work.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - ".json".length())).collect(Collectors.toSet());
        }
    }

    /** Temporary files a crash could have left under a final folder. */
    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(work.resolve("data/completed")), Files.list(work.resolve("data/dead-letter")))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
