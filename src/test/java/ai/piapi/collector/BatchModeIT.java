package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import ai.piapi.collector.support.TaskServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch mode and start-up checks of the packaged jar: exit codes 0, 2, 1 and 3, the summary (the last line, and the
 * summary file), one-line errors; giving up on a refused key or an unreadable inbox.
 */
class BatchModeIT {
    @TempDir
    Path work;
    PiapiStub piapi;

    @BeforeEach
    void startStub() {
        piapi = new PiapiStub();
    }

    @AfterEach
    void stopStub() throws Exception {
        piapi.close();
        CollectorRun.assertNoSecretUnder(work, PiapiStub.WEBHOOK_SECRET);
    }

    /** Settings for a run in {@code work}: relative default folders under it, as an operator would have them. */
    private Properties batch() {
        Properties p = new Properties();
        p.setProperty("piapi.base-url", piapi.baseUrl());
        p.setProperty("piapi.api-key", CollectorRun.API_KEY);
        p.setProperty("collector.exit-when-done", "true");
        p.setProperty("collector.poll.initial-delay", "100ms");
        p.setProperty("collector.poll.max-delay", "500ms");
        p.setProperty("collector.poll.claim-interval", "50");
        p.setProperty("collector.inbox.scan-interval", "100");
        return p;
    }

    private CollectorProcess run(Properties settings) throws Exception {
        return CollectorProcess.start(work, settings, work.resolve("collector.log"));
    }

    @Test
    void exitsWithZeroWhenEveryTaskCompleted() throws Exception {
        piapi.script("b-1", task("b-1", "processing"), task("b-1", "completed")).script("b-2", task("b-2", "completed"));
        Files.createDirectories(work.resolve("data/inbox"));
        Files.writeString(work.resolve("data/inbox/batch.txt"), "b-1\nb-2\n");

        CollectorProcess collector = run(batch());

        assertThat(collector.awaitExit(60)).isZero();
        assertThat(work.resolve("data/completed/b-1.json")).exists();
        assertThat(work.resolve("data/completed/b-2.json")).exists();
        assertThat(collector.stdout()).contains("batch done").contains("2 completed, 0 dead-lettered");
        assertThat(lastLine(collector.stdout())).as("the summary is the last line").startsWith("batch done in")
                .endsWith("exit code 0");
        assertThat(collector.stdout() + collector.stderr()).doesNotContain(CollectorRun.API_KEY);
    }

    @Test
    void exitsWithTwoWhenSomeTasksWereDeadLettered() throws Exception {
        piapi.script("b-ok", task("b-ok", "completed")).script("b-bad", failedTask("b-bad", "no"));
        Files.createDirectories(work.resolve("data/inbox"));
        Files.writeString(work.resolve("data/inbox/batch.txt"), "b-ok\nb-bad\nnot/valid\n");

        CollectorProcess collector = run(batch());

        assertThat(collector.awaitExit(60)).isEqualTo(2);
        assertThat(work.resolve("data/dead-letter/b-bad.json")).exists();
        assertThat(collector.stdout()).contains("1 completed, 2 dead-lettered (invalid_task_id 1, task_failed 1)");
    }

    @Test
    void exitsWithZeroAtOnceWhenThereIsNothingToDo() throws Exception {
        CollectorProcess collector = run(batch());

        assertThat(collector.awaitExit(60)).isZero();
        assertThat(collector.stdout()).contains("0 completed, 0 dead-lettered");
    }

    @Test
    void givesUpWithThreeOnARefusedKeyDeadLetteringNothingAndTheNextRunCollectsEveryTask() throws Exception {
        List<String> ids = List.of("key-1", "key-2", "key-3", "key-4", "key-5");
        try (TaskServer strict = TaskServer.start((id, poll) -> TaskServer.completesAt(poll, 2), 0)) {
            Files.createDirectories(work.resolve("data/inbox"));
            Files.writeString(work.resolve("data/inbox/batch.txt"), String.join("\n", ids) + "\n");
            Properties settings = batch();
            settings.setProperty("piapi.base-url", strict.baseUrl());
            settings.setProperty("piapi.api-key", "pk-revoked-0000-NOT-THE-KEY");
            settings.setProperty("collector.batch.give-up-after", "10s");
            settings.setProperty("collector.summary-file", work.resolve("summary.json").toString());

            long started = System.nanoTime();
            CollectorProcess refused = run(settings);
            assertThat(refused.awaitExit(90)).as("exit code; stderr: %s", refused.stderr()).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));

            assertThat(refused.stderr().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("piapi-collector: gave up: PiAPI refused the API key (HTTP 401/403) for 10.0s")
                    .contains("piapi.api-key").doesNotContain("pk-revoked"));
            assertThat(lastLine(refused.stdout())).startsWith("batch gave up after").contains("0 completed, 0 dead-lettered")
                    .contains("5 still open").endsWith("exit code 3");
            assertThat(work.resolve("data/dead-letter")).isEmptyDirectory();
            JsonNode summary = new ObjectMapper().readTree(work.resolve("summary.json").toFile());
            assertThat(summary.path("exit_code").asInt()).isEqualTo(3);
            assertThat(summary.path("outcome").asText()).isEqualTo("gave_up");
            assertThat(summary.path("cause").asText()).contains("refused the API key");
            assertThat(summary.path("open").asLong()).isEqualTo(5);
            assertThat(summary.path("accepted").asLong()).isEqualTo(5);

            settings.setProperty("piapi.api-key", CollectorRun.API_KEY);
            CollectorProcess accepted = run(settings);
            assertThat(accepted.awaitExit(60)).as("exit code; stderr: %s", accepted.stderr()).isZero();
            for (String id : ids) {
                assertThat(work.resolve("data/completed/" + id + ".json")).exists();
            }
            assertThat(lastLine(accepted.stdout())).startsWith("batch done in").contains("5 completed, 0 dead-lettered");
            JsonNode second = new ObjectMapper().readTree(work.resolve("summary.json").toFile());
            assertThat(second.path("exit_code").asInt()).isZero();
            assertThat(second.path("completed").asLong()).isEqualTo(5);
        }
    }

    @Test
    void givesUpWithThreeOnAnInboxFileItCannotReadAfterTakingTheOthers() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Assumptions.assumeTrue(!root || Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser")),
                "root reads any file: this test runs the collector as nobody through runuser");
        piapi.script("r-1", task("r-1", "completed")).script("r-2", task("r-2", "completed"));
        Path inbox = Files.createDirectories(work.resolve("data/inbox"));
        Files.writeString(inbox.resolve("good.txt"), "r-1\nr-2\n");
        Path locked = Files.writeString(inbox.resolve("locked.txt"), "r-3\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        openToEveryone(work);
        Properties settings = batch();
        settings.setProperty("collector.batch.give-up-after", "5s");

        CollectorProcess collector = root ? CollectorProcess.startAs("nobody", work, settings, work.resolve("collector.log"))
                : run(settings);

        assertThat(collector.awaitExit(90)).as("exit code; stderr: %s", collector.stderr()).isEqualTo(3);
        assertThat(collector.stderr().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("piapi-collector: gave up: the inbox has files it cannot read").contains("locked.txt"));
        assertThat(work.resolve("data/completed/r-1.json")).exists();
        assertThat(work.resolve("data/completed/r-2.json")).exists();
        assertThat(locked).as("left where it was, for the next run").exists();
        String out = collector.stdout();
        assertThat(lastLine(out)).startsWith("batch gave up after").contains("2 completed, 0 dead-lettered");
        assertThat(out.lines().filter(l -> l.contains("locked.txt")).count()).as("lines about the file").isBetween(1L, 3L);
        assertThat(out.lines().filter(l -> l.startsWith("\tat ")).count()).as("stack traces").isZero();
        assertThat(out.lines().count()).as("log lines in all").isLessThan(120);
    }

    /** The last line printed (the summary). */
    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1);
    }

    /** Lets another user work in {@code dir} (the collector run as nobody writes its data there). */
    private static void openToEveryone(Path dir) throws java.io.IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
                } else if (!p.getFileName().toString().equals("locked.txt")) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-rw-"));
                }
            }
        }
    }

    @Test
    void refusesToStartWithoutAnApiKey() throws Exception {
        Properties settings = batch();
        settings.remove("piapi.api-key");

        CollectorProcess collector = run(settings);

        assertThat(collector.awaitExit(60)).isEqualTo(1);
        assertThat(collector.stderr().lines().toList()).singleElement()
                .satisfies(line -> assertThat(line).contains("piapi.api-key is not set"));
    }

    @Test
    void refusesToStartOnAMalformedDuration() throws Exception {
        Properties settings = batch();
        settings.setProperty("collector.poll.max-delay", "30 seconds");

        CollectorProcess collector = run(settings);

        assertThat(collector.awaitExit(60)).isEqualTo(1);
        assertThat(collector.stderr().lines().toList()).singleElement()
                .satisfies(line -> assertThat(line).contains("collector.poll.max-delay").contains("30 seconds"));
    }

    @Test
    void refusesToStartOnAFolderItCannotUse() throws Exception {
        Files.writeString(work.resolve("not-a-folder"), "x");
        Properties settings = batch();
        settings.setProperty("collector.inbox-dir", "not-a-folder/inbox");

        CollectorProcess collector = run(settings);

        assertThat(collector.awaitExit(60)).isEqualTo(1);
        assertThat(collector.stderr().lines().toList()).singleElement()
                .satisfies(line -> assertThat(line).contains("collector.inbox-dir").contains("not-a-folder"));
        assertThat(collector.stderr()).doesNotContain(CollectorRun.API_KEY);
    }
}
