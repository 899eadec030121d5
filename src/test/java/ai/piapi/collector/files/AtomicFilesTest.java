package ai.piapi.collector.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is written whole or not at all, and a failed write leaves no temporary file. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private long entries() throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.count();
        }
    }

    @Test
    void writesAndReplacesAFileWhole() throws Exception {
        AtomicFiles.write(dir, "t.json", "{\"a\":1}".getBytes());
        Path file = AtomicFiles.write(dir, "t.json", "{\"a\":2}".getBytes());

        assertThat(file).hasContent("{\"a\":2}");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void replacesWhatACrashedWriterOfTheSameFileLeft() throws Exception {
        Files.writeString(dir.resolve(".t.json.tmp"), "{\"half a file that was never renamed");

        AtomicFiles.write(dir, "t.json", "{}".getBytes());

        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactly("t.json");
        }
        assertThat(dir.resolve("t.json")).hasContent("{}");
    }

    @Test
    void aWriteThatFailsLeavesNoTemporaryFile() throws Exception {
        Files.createDirectory(dir.resolve("t.json")); // the rename into place fails: a folder holds the name
        Files.writeString(dir.resolve("t.json").resolve("inside"), "x");

        assertThatThrownBy(() -> AtomicFiles.write(dir, "t.json", new byte[1024])).isInstanceOf(IOException.class);

        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactly("t.json");
        }
    }

    @Test
    void removesWhatACrashLeftAndNothingElse() throws Exception {
        Files.writeString(dir.resolve(".t.json.tmp"), "{\"half");
        Files.writeString(dir.resolve(".u.json.tmp"), "");
        Files.writeString(dir.resolve(".x.png.1234.part"), "half");
        Files.writeString(dir.resolve("t.json"), "{}");
        Files.writeString(dir.resolve("notes.tmp"), "not ours: no dot in front");

        assertThat(AtomicFiles.removeLeftovers(dir)).isEqualTo(3);
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("t.json", "notes.tmp");
        }
    }
}
