package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorFixture;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The inbox folder intake, through the real routes: formats, refused lines, duplicates, where files go. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class FileIntakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    @RegisterExtension
    final CollectorFixture fixture = new CollectorFixture();
    PiapiStub piapi;
    CollectorRun collector;

    @BeforeEach
    void start() throws Exception {
        piapi = fixture.piapi();
        collector = fixture.start(root, Map.of());
    }

    private List<JsonNode> invalidRecords() throws IOException {
        try (Stream<Path> files = Files.list(collector.deadLetter())) {
            return files.filter(f -> f.getFileName().toString().startsWith("invalid-")).map(f -> {
                try {
                    return JSON.readTree(f.toFile());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    private void awaitDone(Path inboxFile) {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.notExists(inboxFile));
    }

    @Test
    void deadLettersInvalidLinesWithTheRawInputAndCountsDuplicatesOnce() throws Exception {
        piapi.script("t-good", task("t-good", "completed"));
        String longId = "a".repeat(129);
        Path file = collector.drop("mixed.txt", String.join("\n",
                "# a comment", "", "t-good", "../../etc/passwd", "has space", "-leading-dash", longId, "t-good",
                "  t-good  ", "évil"));

        awaitDone(file);
        await().until(() -> Files.exists(collector.completed().resolve("t-good.json")));
        await().until(() -> invalidRecords().size() == 5);

        List<JsonNode> refused = invalidRecords();
        assertThat(refused).extracting(r -> r.path("raw").asText())
                .containsExactlyInAnyOrder("../../etc/passwd", "has space", "-leading-dash", longId, "évil");
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.path("reason").asText()).isEqualTo("invalid_task_id");
            assertThat(r.path("source").asText()).isEqualTo("mixed.txt");
            assertThat(r.path("line").asInt()).isPositive();
            assertThat(r.path("detail").asText()).isNotBlank();
            assertThat(r.path("dead_lettered_at").asText()).isNotBlank();
        });
        await().until(() -> collector.ledger().find("t-good").orElseThrow().state() == TaskState.COMPLETED);
        assertThat(collector.ledger().find("t-good").orElseThrow().duplicates()).isEqualTo(2);
        assertThat(piapi.polls("t-good")).isEqualTo(1);
        assertOnlyConfiguredFoldersWritten();
    }

    @Test
    void readsTheTaskIdColumnOfACsvFile() throws Exception {
        piapi.script("csv-1", task("csv-1", "completed")).script("csv-2", task("csv-2", "completed"));
        Path file = collector.drop("export.csv", """
                name,Task_ID,note
                "first, with comma",csv-1,x
                second,"csv-2","quoted"
                third,not valid!,y
                """);

        awaitDone(file);
        await().until(() -> Files.exists(collector.completed().resolve("csv-1.json"))
                && Files.exists(collector.completed().resolve("csv-2.json")));
        await().until(() -> invalidRecords().size() == 1);

        assertThat(invalidRecords().get(0).path("raw").asText()).contains("not valid!");
        assertThat(invalidRecords().get(0).path("line").asInt()).isEqualTo(4);
    }

    @Test
    void readsTaskIdsFromJsonLines() throws Exception {
        piapi.script("jl-1", task("jl-1", "completed")).script("jl-2", task("jl-2", "completed"));
        Path file = collector.drop("events.jsonl", """
                {"task_id": "jl-1", "extra": {"kept": true}}
                {"task_id":"jl-2"}
                not json at all
                {"other": "no id"}

                """);

        awaitDone(file);
        await().until(() -> Files.exists(collector.completed().resolve("jl-1.json"))
                && Files.exists(collector.completed().resolve("jl-2.json")));
        await().until(() -> invalidRecords().size() == 2);

        assertThat(invalidRecords()).extracting(r -> r.path("raw").asText())
                .containsExactlyInAnyOrder("not json at all", "{\"other\": \"no id\"}");
    }

    @Test
    void movesATakenFileToDoneAndLeavesPartAndHiddenFilesAlone() throws Exception {
        piapi.script("t-m", task("t-m", "completed"));
        Files.writeString(collector.inbox().resolve("still-writing.txt.part"), "t-never\n");
        Files.writeString(collector.inbox().resolve(".hidden.txt"), "t-never\n");
        Path file = collector.drop("ready.txt", "t-m\n");

        awaitDone(file);
        await().until(() -> Files.exists(collector.completed().resolve("t-m.json")));

        try (Stream<Path> done = Files.list(collector.inbox().resolve(".done"))) {
            assertThat(done.map(p -> p.getFileName().toString()).toList()).singleElement()
                    .satisfies(name -> assertThat(name).endsWith("-ready.txt"));
        }
        assertThat(collector.inbox().resolve("still-writing.txt.part")).exists();
        assertThat(collector.inbox().resolve(".hidden.txt")).exists();
        assertThat(collector.ledger().find("t-never")).isEmpty();
        assertThat(piapi.polls("t-never")).isZero();
    }

    @Test
    void reopensADeadLetteredTaskDroppedAgain() throws Exception {
        piapi.script("t-re", PiapiStub.failedTask("t-re", "boom"), task("t-re", "completed"));
        collector.drop("first.txt", "t-re\n");
        await().until(() -> collector.ledger().find("t-re").map(r -> r.state() == TaskState.DEAD).orElse(false));

        collector.drop("replay.txt", "t-re\n");

        await().until(() -> collector.ledger().find("t-re").map(r -> r.state() == TaskState.COMPLETED).orElse(false));
        assertThat(collector.completed().resolve("t-re.json")).exists();
        assertThat(collector.ledger().find("t-re").orElseThrow().reopened()).isEqualTo(1);
    }

    /** Whatever the input, the collector writes only inside its four folders. */
    private void assertOnlyConfiguredFoldersWritten() throws IOException {
        List<Path> allowed = List.of(collector.inbox(), collector.completed(), collector.deadLetter(), root.resolve("state"));
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).toList())
                    .allSatisfy(f -> assertThat(allowed).anySatisfy(dir -> assertThat(f).startsWith(dir)));
        }
        try (Stream<Path> top = Files.list(root)) {
            assertThat(top.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("inbox", "completed", "dead-letter", "state");
        }
    }
}
