package ai.piapi.collector.capture;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Where completed tasks go, in the contract's layout: {@code <task_id>/<file>}, {@code <task_id>/manifest.json},
 * and {@code <task_id>.json} last. Every file replaces an older copy whole, never leaving half a file under its name.
 * Every method throws {@link ai.piapi.collector.domain.StorageUnavailable} when the folder or bucket cannot take the
 * work (full, read-only, unreachable): an outage, which the stage waits out, never a failure of the task.
 */
public interface ArtifactStore extends AutoCloseable {

    /** A local folder to download the task's files into (as {@code .*.part} files), cleared of an interrupted attempt's. */
    Path workFolder(String taskId);

    /**
     * What an earlier attempt at this task already fetched from {@code url} as {@code name} and kept: a staged copy
     * still to store, or the record that it is stored. Empty: fetch it.
     */
    default Optional<Kept> kept(String taskId, String name, String url) {
        return Optional.empty();
    }

    /**
     * Keeps a fetched file (its {@code .part}) until it is stored, so that a store that fails costs no new download;
     * returns the file to store. Where the store is the local folder itself, the part is simply stored.
     */
    default Path keep(String taskId, String name, String url, Path part, Fetched fetched) {
        return part;
    }

    /** Puts a file fetched from {@code url} (null for decoded content), kept as {@code file}, under its final name. */
    void put(String taskId, String name, String url, Path file, Fetched fetched);

    /** Puts the manifest, then drops files an earlier attempt left that {@code names} no longer lists. */
    void putManifest(String taskId, byte[] json, Set<String> names);

    /** Where {@code <task_id>/<name>} is (or will be) stored: an absolute path, or an {@code s3://bucket/key} URI. */
    String locationOf(String taskId, String name);

    /** Stores {@code <task_id>.json}, the task's last file; returns where it went (a path, or {@code s3://…}). */
    String putTaskJson(String taskId, String json);

    /** Writes and removes a few bytes where results go; throws when that fails (readiness check). */
    void probe();

    /** Where results go, for logs and health: {@code folder /x} or {@code s3://bucket/prefix}. */
    String describe();

    @Override
    void close();

    /** A file an earlier attempt fetched: its record, and the staged copy ({@code null} once it is stored). */
    record Kept(Fetched fetched, Path staged) {
        public boolean stored() {
            return staged == null;
        }
    }
}
