package ai.piapi.collector.capture;

import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.domain.StorageUnavailable;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A store that tells its {@link Outage} how each call went, naming the task: the first failure is logged (once,
 * however many tasks meet it), the success of a task that had failed too, and readiness reads the outage. The probe
 * is not counted: a few bytes that fit say nothing about a file of 800 KB that did not.
 */
final class WatchedStore implements ArtifactStore {
    private final ArtifactStore store;
    private final Outage outage;

    WatchedStore(ArtifactStore store, Outage outage) {
        this.store = store;
        this.outage = outage;
    }

    @Override
    public Path workFolder(String taskId) {
        return watch(taskId, () -> store.workFolder(taskId), false);
    }

    @Override
    public Optional<Kept> kept(String taskId, String name, String url) {
        return watch(taskId, () -> store.kept(taskId, name, url), false);
    }

    @Override
    public Path keep(String taskId, String name, String url, Path part, Fetched fetched) {
        return watch(taskId, () -> store.keep(taskId, name, url, part, fetched), false);
    }

    @Override
    public void put(String taskId, String name, String url, Path file, Fetched fetched) {
        watch(taskId, () -> {
            store.put(taskId, name, url, file, fetched);
            return null;
        }, true);
    }

    @Override
    public void putManifest(String taskId, byte[] json, Set<String> names) {
        watch(taskId, () -> {
            store.putManifest(taskId, json, names);
            return null;
        }, true);
    }

    @Override
    public String putTaskJson(String taskId, String json) {
        return watch(taskId, () -> store.putTaskJson(taskId, json), true);
    }

    @Override
    public String locationOf(String taskId, String name) {
        return store.locationOf(taskId, name);
    }

    @Override
    public void probe() {
        store.probe();
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }

    /** {@code write}: a success may show the storage takes files again (preparing a folder does not). */
    private <T> T watch(String taskId, Supplier<T> call, boolean write) {
        try {
            T result = call.get();
            if (write) {
                outage.recovered(taskId);
            }
            return result;
        } catch (StorageUnavailable e) {
            outage.failed(taskId, e.kind(), e.getMessage());
            throw e;
        }
    }
}
