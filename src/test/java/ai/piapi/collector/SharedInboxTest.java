package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PostgresDatabase;
import ai.piapi.collector.support.TaskServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances on one PostgreSQL ledger and one inbox folder, through the real routes: every file is taken once. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class SharedInboxTest {
    private static final int FILES = 40;
    private static final int IDS_PER_FILE = 25;
    private static final Pattern INTAKE_LINE = Pattern.compile("inbox (shared-\\d+\\.txt): (\\d+) accepted, \\d+ reopened, (\\d+) duplicates");

    @TempDir
    Path root;

    @Test
    void twoInstancesSharingAnInboxTakeEveryFileOnce() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.create();
             TaskServer piapi = TaskServer.start((id, poll) -> TaskServer.completesAt(poll, 1), 0)) {
            int mark = LogCapture.mark();
            CollectorRun one = CollectorRun.start(root, piapi.baseUrl(), settings(db, "one"));
            CollectorRun two = CollectorRun.start(root, piapi.baseUrl(), settings(db, "two"));
            try {
                for (int f = 0; f < FILES; f++) {
                    int file = f;
                    one.drop("shared-" + f + ".txt", String.join("\n", IntStream.range(0, IDS_PER_FILE)
                            .mapToObj(i -> "shared-" + file + "-" + i).toList()));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> doneFiles().size() == FILES
                        && one.ledger().countByState().values().stream().mapToLong(Long::longValue).sum() == FILES * IDS_PER_FILE);

                Map<String, Integer> readsPerFile = new HashMap<>();
                for (String line : LogCapture.since(mark)) {
                    Matcher m = INTAKE_LINE.matcher(line);
                    if (m.find()) {
                        readsPerFile.merge(m.group(1), 1, Integer::sum);
                        assertThat(m.group(2)).as(line).isEqualTo(String.valueOf(IDS_PER_FILE));
                        assertThat(m.group(3)).as(line).isEqualTo("0");
                    }
                }
                assertThat(readsPerFile).hasSize(FILES).allSatisfy((file, reads) -> assertThat(reads).as(file).isEqualTo(1));
                Tally t1 = one.context().getRegistry().lookupByNameAndType("tally", Tally.class);
                Tally t2 = two.context().getRegistry().lookupByNameAndType("tally", Tally.class);
                assertThat(t1.accepted() + t2.accepted()).isEqualTo(FILES * IDS_PER_FILE);
                assertThat(t1.duplicates() + t2.duplicates()).isZero();
                assertThat(inboxLeftovers()).as("no lock or marker files left in the inbox").isEmpty();
            } finally {
                one.close();
                two.close();
            }
        }
    }

    private static Map<String, String> settings(PostgresDatabase db, String instance) {
        Map<String, String> s = new HashMap<>(db.ledgerSettings());
        s.put("collector.instance-id", instance);
        s.put("collector.poll.concurrency", "4");
        return s;
    }

    private List<Path> doneFiles() throws Exception {
        Path done = root.resolve("inbox/.done");
        if (!Files.isDirectory(done)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(done)) {
            return files.toList();
        }
    }

    private List<Path> inboxLeftovers() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("inbox"))) {
            return files.filter(p -> !p.getFileName().toString().equals(".done")).toList();
        }
    }
}
