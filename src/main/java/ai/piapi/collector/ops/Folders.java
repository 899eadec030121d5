package ai.piapi.collector.ops;

import ai.piapi.collector.domain.CollectorSettings;
import ai.piapi.collector.domain.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Creates the configured folders when missing and refuses to start on one it cannot read or write. */
public final class Folders {
    private Folders() {
    }

    public static void prepare(CollectorSettings settings) {
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put("collector.inbox-dir", settings.inboxDir());
        folders.put("collector.completed-dir", settings.completedDir());
        folders.put("collector.dead-letter-dir", settings.deadLetterDir());
        folders.put("collector.state-dir", settings.stateDir());
        folders.forEach(Folders::usable);
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
