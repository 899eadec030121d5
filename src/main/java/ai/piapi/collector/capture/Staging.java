package ai.piapi.collector.capture;

import ai.piapi.collector.files.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A task's staging folder: a fetched file waits there ({@code .<name>.staged}) with a record of where it came from
 * ({@code .<name>.staged.json}) until it is stored, and the record stays, marked stored, until the whole task is.
 * When storing fails (the bucket is unreachable), the next attempt finds what was fetched and does not fetch it again.
 */
final class Staging {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Staging() {
    }

    /** What an earlier attempt kept of {@code url} as {@code name}; empty when nothing (or something else) was. */
    static Optional<ArtifactStore.Kept> kept(Path folder, String name, String url) throws IOException {
        Path record = record(folder, name);
        if (url == null || !Files.isRegularFile(record)) {
            return Optional.empty();
        }
        JsonNode r;
        try {
            r = JSON.readTree(record.toFile());
        } catch (IOException unreadable) { // cut short by a crash: fetch again
            Files.deleteIfExists(record);
            return Optional.empty();
        }
        if (!Objects.equals(url, r.path("url").asText(null))) {
            return Optional.empty();
        }
        Fetched fetched = new Fetched(r.path("bytes").asLong(), r.path("sha256").asText(), r.path("content_type").asText(null));
        if (r.path("stored").asBoolean()) {
            return Optional.of(new ArtifactStore.Kept(fetched, null));
        }
        Path staged = staged(folder, name);
        boolean whole = Files.isRegularFile(staged) && Files.size(staged) == fetched.bytes();
        return whole ? Optional.of(new ArtifactStore.Kept(fetched, staged)) : Optional.empty();
    }

    /** Keeps a fetched {@code part} as the staged copy of {@code name}, with its record; returns the staged file. */
    static Path stage(Path folder, String name, String url, Path part, Fetched fetched) throws IOException {
        Path staged = staged(folder, name);
        if (!part.equals(staged)) {
            Files.move(part, staged, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        if (url != null) {
            writeRecord(folder, name, url, fetched, false);
        }
        return staged;
    }

    /** The staged copy is stored: it goes, its record stays (marked stored) until the task's manifest is stored. */
    static void stored(Path folder, String name, String url, Fetched fetched) throws IOException {
        if (url != null) {
            writeRecord(folder, name, url, fetched, true);
        }
        Files.deleteIfExists(staged(folder, name));
    }

    private static void writeRecord(Path folder, String name, String url, Fetched f, boolean stored) throws IOException {
        ObjectNode r = JSON.createObjectNode().put("url", url).put("bytes", f.bytes()).put("sha256", f.sha256())
                .put("content_type", f.contentType()).put("stored", stored);
        AtomicFiles.write(folder, record(folder, name).getFileName().toString(), JSON.writeValueAsBytes(r));
    }

    private static Path staged(Path folder, String name) {
        return folder.resolve("." + name + ".staged");
    }

    private static Path record(Path folder, String name) {
        return folder.resolve("." + name + ".staged.json");
    }
}
