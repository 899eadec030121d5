package ai.piapi.collector.capture;

import ai.piapi.collector.domain.StorageUnavailable;
import ai.piapi.collector.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files under {@code <completed-dir>/<task_id>/}: downloaded there as {@code .<name>.<random>.part} and renamed
 * into place atomically, so a name only ever holds a whole file; {@code <task_id>.json} next to the folder.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private static final byte[] PROBE = "piapi-collector storage probe\n".getBytes(StandardCharsets.UTF_8);

    private final Path completedDir;

    public LocalArtifactStore(Path completedDir) {
        this.completedDir = completedDir;
    }

    @Override
    public Path workFolder(String taskId) {
        Path folder = completedDir.resolve(taskId);
        try {
            Files.createDirectories(folder);
            deleteParts(folder);
            return folder;
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot prepare " + folder, e);
        }
    }

    @Override
    public void put(String taskId, String name, String url, Path file, Fetched fetched) {
        Path target = completedDir.resolve(taskId).resolve(name);
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot store " + target, e);
        }
    }

    @Override
    public void putManifest(String taskId, byte[] json, Set<String> names) {
        Path folder = completedDir.resolve(taskId);
        try {
            AtomicFiles.write(folder, ArtifactNames.MANIFEST, json);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path stale : files.filter(Files::isRegularFile).toList()) {
                    String name = stale.getFileName().toString();
                    if (!name.equals(ArtifactNames.MANIFEST) && !names.contains(name)) {
                        Files.deleteIfExists(stale);
                    }
                }
            }
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot store " + folder.resolve(ArtifactNames.MANIFEST), e);
        }
    }

    @Override
    public String locationOf(String taskId, String name) {
        return completedDir.resolve(taskId).resolve(name).toAbsolutePath().normalize().toString();
    }

    @Override
    public String putTaskJson(String taskId, String json) {
        try {
            return AtomicFiles.write(completedDir, taskId + ".json", json.getBytes(StandardCharsets.UTF_8)).toString();
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot store " + completedDir.resolve(taskId + ".json"), e);
        }
    }

    @Override
    public void probe() {
        probe(completedDir);
    }

    /** Writes, reads back and removes a small file in {@code folder}: an empty one would pass on a full disk. */
    public static void probe(Path folder) {
        Path probe = folder.resolve(".storage-probe-" + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(folder);
            Files.write(probe, PROBE);
            if (Files.size(probe) != PROBE.length) {
                throw new IOException("the probe file came back short");
            }
        } catch (IOException | RuntimeException e) {
            throw StorageUnavailable.of("cannot write to " + folder, e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // reported above, or the next probe removes it
            }
        }
    }

    @Override
    public String describe() {
        return "folder " + completedDir;
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
