package ai.piapi.collector.ops;

import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.settings.ConfigurationException;
import ai.piapi.collector.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Creates the configured folders when missing and refuses to start on one it cannot read or write. */
public final class Folders {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Folders.class);
    private Folders() {
    }

    public static void prepare(CollectorSettings settings) {
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put("collector.inbox-dir", settings.inboxDir());
        folders.put("collector.completed-dir", settings.completedDir());
        folders.put("collector.dead-letter-dir", settings.deadLetterDir());
        folders.put("collector.state-dir", settings.stateDir());
        folders.forEach(Folders::usable);
        removeLeftovers(settings.completedDir(), settings.deadLetterDir(), settings.stateDir().resolve("staging"));
    }

    /**
     * Temporary files a crash or a failed write left where results go (a half-written {@code .<name>.tmp}, a
     * download's {@code .part}): removed at start-up, so that no partial file outlives a restart. A task's own folder
     * is cleared of them when the task is captured again; staged downloads ({@code .staged}) are whole and reused.
     */
    private static void removeLeftovers(Path... folders) {
        for (Path folder : folders) {
            try {
                int removed = AtomicFiles.removeLeftovers(folder);
                if (Files.isDirectory(folder) && folder.getFileName().toString().equals("staging")) {
                    try (var tasks = Files.list(folder)) {
                        for (Path task : tasks.filter(Files::isDirectory).toList()) {
                            removed += AtomicFiles.removeLeftovers(task);
                        }
                    }
                }
                if (removed > 0) {
                    LOG.info("removed {} temporary file(s) an earlier run left in {}", removed, folder);
                }
            } catch (IOException e) {
                LOG.warn("could not clear temporary files in {}: {}", folder, e.toString());
            }
        }
    }

    private static void usable(String key, Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ConfigurationException(key + ": cannot create folder " + folder + " (" + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isDirectory(folder) || !Files.isReadable(folder) || !Files.isWritable(folder)) {
            throw new ConfigurationException(key + ": folder " + folder + " is not readable and writable");
        }
    }
}
