package ai.piapi.collector.capture;

import ai.piapi.collector.domain.ArtifactNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Files under {@code <completed-dir>/<task_id>/}: downloaded there as {@code .<name>.<random>.part} and renamed
 * into place atomically, so a name only ever holds a whole file. {@code <task_id>.json} is the route's to write.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private final Path completedDir;

    public LocalArtifactStore(Path completedDir) {
        this.completedDir = completedDir;
    }

    @Override
    public Path workFolder(String taskId) throws IOException {
        Path folder = Files.createDirectories(completedDir.resolve(taskId));
        deleteParts(folder);
        return folder;
    }

    @Override
    public void put(String taskId, String name, Path file, String contentType) throws IOException {
        Files.move(file, completedDir.resolve(taskId).resolve(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void putManifest(String taskId, byte[] json, Set<String> names) throws IOException {
        Path folder = completedDir.resolve(taskId);
        Path part = folder.resolve("." + ArtifactNames.MANIFEST + "." + UUID.randomUUID() + ".part");
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(json));
            out.force(true);
        }
        put(taskId, ArtifactNames.MANIFEST, part, "application/json");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path stale : files.filter(Files::isRegularFile).toList()) {
                String name = stale.getFileName().toString();
                if (!name.equals(ArtifactNames.MANIFEST) && !names.contains(name)) {
                    Files.deleteIfExists(stale);
                }
            }
        }
    }

    @Override
    public String locationOf(String taskId, String name) {
        return completedDir.resolve(taskId).resolve(name).toAbsolutePath().normalize().toString();
    }

    @Override
    public String putTaskJson(String taskId, String json) {
        throw new UnsupportedOperationException("with local storage the deliver-completed route writes <task_id>.json");
    }

    /** Temporary files of a download that a crash or a stop cut short. */
    static void deleteParts(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".part")) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Override
    public void close() {
        // nothing held open
    }
}
