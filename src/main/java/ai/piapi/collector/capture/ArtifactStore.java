package ai.piapi.collector.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where captured files go, in the contract's layout: {@code <task_id>/<file>}, {@code <task_id>/manifest.json},
 * and {@code <task_id>.json} last. Every file replaces an older copy whole, never leaving half a file under its name.
 */
public interface ArtifactStore extends AutoCloseable {

    /** A local folder to download the task's files into (as {@code .*.part} files), cleared of an interrupted attempt's. */
    Path workFolder(String taskId) throws IOException;

    /** Puts a downloaded file under its final name. */
    void put(String taskId, String name, Path file, String contentType) throws IOException;

    /** Puts the manifest, then drops files an earlier attempt left that {@code names} no longer lists. */
    void putManifest(String taskId, byte[] json, Set<String> names) throws IOException;

    /** Where {@code <task_id>/<name>} is (or will be) stored: an absolute path, or an {@code s3://bucket/key} URI. */
    String locationOf(String taskId, String name);

    /** Stores {@code <task_id>.json} (where the route does not write it itself); returns where it went. */
    String putTaskJson(String taskId, String json);

    @Override
    void close();
}
