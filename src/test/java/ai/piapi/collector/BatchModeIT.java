package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch mode and start-up checks of the packaged jar: exit codes 0, 2 and 1, the summary, one-line errors. */
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
