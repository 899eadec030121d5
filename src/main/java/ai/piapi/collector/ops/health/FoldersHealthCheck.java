package ai.piapi.collector.ops.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DOWN when a storage folder cannot take a new file (gone, not a folder, read-only, full). */
public class FoldersHealthCheck extends CollectorHealthCheck {
    private final Map<String, Path> folders;

    /** {@code folders}: configuration key to folder, e.g. {@code collector.completed-dir}. */
    public FoldersHealthCheck(Map<String, Path> folders) {
        super("folders");
        this.folders = Map.copyOf(folders);
    }

    @Override
    protected Optional<String> problem() {
        List<String> broken = new ArrayList<>();
        folders.forEach((key, folder) -> {
            if (!writable(folder)) {
                broken.add(key + " (" + folder + ")");
            }
        });
        broken.sort(null);
        return broken.isEmpty() ? Optional.empty() : Optional.of("cannot write to " + String.join(", ", broken));
    }

    /**
     * Writes a few bytes to a probe file and removes it: the only test that also holds for root, read-only mounts and
     * full disks (an empty file still fits on a full disk).
     */
    static boolean writable(Path folder) {
        try {
            Path probe = Files.createTempFile(folder, ".health-", ".probe");
            try {
                Files.write(probe, "piapi-collector health probe\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } finally {
                Files.delete(probe);
            }
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }
}
