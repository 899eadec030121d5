package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PiapiStub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter folder cannot take files for a while (it is replaced by a plain file: a write there fails as on a
 * read-only or full disk, even for root). A failed task waits in place and is dead-lettered once the folder is back;
 * an inbox file with a refused line stays in the inbox and is read again; nothing is logged per attempt and no
 * temporary file is left.
 */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class DeadLetterFolderOutageTest {
    @TempDir
    Path root;

    @Test
    void deadLettersWaitForTheirFolderAndTheInboxFileIsReadAgain() throws Exception {
        try (PiapiStub piapi = new PiapiStub()) {
            piapi.script("dl-failed", PiapiStub.failedTask("dl-failed", "no"));
            piapi.script("dl-ok", PiapiStub.task("dl-ok", "completed"));
            piapi.script("dl-http", PiapiStub.task("dl-http", "completed"));
            try (CollectorRun collector = CollectorRun.start(root, piapi.baseUrl(), Map.of("collector.poll.max-delay", "1s"))) {
                HealthCheck storage = collector.context().getRegistry().lookupByNameAndType("collector-storage", HealthCheck.class);
                Path deadLetters = collector.deadLetter();
                Files.delete(deadLetters);
                Files.writeString(deadLetters, "not a folder any more");
                int mark = LogCapture.mark();

                collector.drop("mixed.txt", "dl-failed\ndl-ok\nnot/an/id\n");
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        collector.ledger().find("dl-ok").map(r -> r.state() == TaskState.COMPLETED).orElse(false));
                await().atMost(Duration.ofSeconds(30)).until(() -> storage.call().getState() == HealthCheck.State.DOWN);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                        Files.exists(collector.inbox().resolve("mixed.txt"))
                                && collector.ledger().find("dl-failed").orElseThrow().state() == TaskState.OPEN);
                assertThat(collector.ledger().find("dl-failed").orElseThrow().transientErrors()).isZero();
                HttpResponse<String> post = new HttpFace(collector).post("/tasks", "dl-http\nnot an id\n",
                        "Content-Type", "text/plain");
                assertThat(post.statusCode()).as("its refused line could not be kept: an error, not 202; %s", post.body())
                        .isGreaterThanOrEqualTo(500);
                assertThat(collector.ledger().find("dl-http")).as("the valid ID is kept").isPresent();
                List<String> meanwhile = LogCapture.since(mark);

                Files.delete(deadLetters);
                Files.createDirectory(deadLetters);
                await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(collector.inbox().resolve("mixed.txt"))
                        && collector.ledger().find("dl-failed").orElseThrow().state() == TaskState.DEAD);
                await().atMost(Duration.ofSeconds(10)).until(() -> storage.call().getState() == HealthCheck.State.UP);

                try (Stream<Path> files = Files.list(deadLetters)) {
                    List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
                    assertThat(names).contains("dl-failed.json").anyMatch(n -> n.startsWith("invalid-"))
                            .noneMatch(n -> n.startsWith("dl-ok") || n.startsWith("dl-http"));
                }
                assertThat(meanwhile).filteredOn(l -> l.contains("the dead-letter folder") && l.contains("is unavailable"))
                        .hasSize(1);
                assertThat(meanwhile).as("no stack traces, no line per scan or retry")
                        .noneMatch(l -> l.contains("\n\tat ")).hasSizeLessThan(15);
            }
        }
    }
}
