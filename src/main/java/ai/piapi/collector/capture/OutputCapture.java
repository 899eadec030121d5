package ai.piapi.collector.capture;

import ai.piapi.collector.format.ByteSizes;
import ai.piapi.collector.task.CaptureFailure;
import ai.piapi.collector.settings.CaptureSettings;
import ai.piapi.collector.task.CapturedFiles;
import ai.piapi.collector.task.CompletedTask;
import ai.piapi.collector.task.Manifest;
import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.domain.StorageUnavailable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture stage: before a completed task is stored, every file its output names is downloaded (or decoded)
 * and stored with a manifest. All downloads of all tasks share one pool of {@code collector.artifacts.concurrency}
 * threads. A failure of the task's files is thrown as a {@link CaptureFailure} for the poller to weigh; a failure
 * of our own storage as {@link StorageUnavailable}, which the stage waits out (what was fetched stays staged).
 * Nothing half-done keeps a final name, and the route writes {@code <task_id>.json} only after this returns.
 */
public class OutputCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputCapture.class);

    private final CaptureSettings settings;
    private final Downloader downloader;
    private final ArtifactStore store;
    private final LeaseKeeper leases;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ExecutorService downloads;
    private final Outage storage;
    private final java.util.concurrent.atomic.LongAdder capturedBytes = new java.util.concurrent.atomic.LongAdder();

    /** {@code storage}: the outage a failed write of a download reports to (the store reports its own calls). */
    public OutputCapture(CaptureSettings settings, Downloader downloader, ArtifactStore store, LeaseKeeper leases,
                         ObjectMapper mapper, Clock clock, Outage storage) {
        this.settings = settings;
        this.storage = storage;
        this.downloader = downloader;
        this.store = store;
        this.leases = leases;
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.downloads = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "capture-download-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Bytes of output files stored since start (metric {@code piapi_collector_capture_bytes_total}). */
    public long capturedBytes() {
        return capturedBytes.sum();
    }

    /** Captures the task's output files; returns the task unchanged for the route to store. */
    public CompletedTask capture(CompletedTask task) {
        if (!settings.enabled()) {
            return task;
        }
        List<OutputArtifact> artifacts = OutputArtifacts.find(task.data() == null ? null : task.data().get("output"));
        if (artifacts.isEmpty()) {
            return task;
        }
        if (artifacts.size() > OutputArtifacts.LIMIT) {
            throw CaptureFailure.permanent("the output names " + artifacts.size() + " files, more than " + OutputArtifacts.LIMIT);
        }
        long started = System.nanoTime();
        try (LeaseKeeper.Held lease = leases.hold(task.taskId())) {
            Path folder = store.workFolder(task.taskId());
            Map<OutputArtifact, CaptureItem> plan = CaptureItem.plan(artifacts, folder, settings.maxBytes());
            Set<CaptureItem> items = new LinkedHashSet<>(plan.values());
            int reused = 0;
            try {
                reused = fetchAll(task.taskId(), items);
                for (CaptureItem item : items) { // every fetched file is kept before any is stored: a failed store costs no download
                    if (item.kept == null) {
                        item.kept = new ArtifactStore.Kept(item.fetched,
                                store.keep(task.taskId(), item.name, item.artifact.url(), item.part, item.fetched));
                    }
                }
                for (CaptureItem item : items) {
                    if (!item.kept.stored()) {
                        store.put(task.taskId(), item.name, item.artifact.url(), item.kept.staged(), item.fetched);
                    }
                }
            } finally {
                for (CaptureItem item : items) {
                    Files.deleteIfExists(item.part);
                }
            }
            List<Manifest.Entry> entries = new ArrayList<>();
            plan.forEach((a, i) -> entries.add(new Manifest.Entry(i.name, a.jsonPath(), a.url(), i.fetched.bytes(),
                    i.fetched.sha256(), i.fetched.contentType())));
            Set<String> names = new LinkedHashSet<>(items.stream().map(i -> i.name).toList());
            store.putManifest(task.taskId(), mapper.writeValueAsBytes(
                    new Manifest(task.taskId(), clock.instant().toString(), entries)), names);
            long bytes = items.stream().mapToLong(i -> i.fetched.bytes()).sum();
            capturedBytes.add(bytes);
            LOG.info("task {}: captured {} file(s), {}, in {} ms{}", task.taskId(), items.size(), ByteSizes.format(bytes),
                    (System.nanoTime() - started) / 1_000_000, reused == 0 ? "" : " (" + reused + " kept from an earlier attempt)");
            return task.withFiles(new CapturedFiles(store.locationOf(task.taskId(), ArtifactNames.MANIFEST), entries.stream()
                    .map(e -> new CapturedFiles.Stored(store.locationOf(task.taskId(), e.file()), e)).toList()));
        } catch (CaptureFailure | StorageUnavailable notTheTasksFault) {
            throw notTheTasksFault;
        } catch (IOException e) {
            StorageUnavailable full = StorageUnavailable.of("cannot write the files of task " + task.taskId(), e);
            storage.failed(task.taskId(), full.kind(), full.getMessage());
            throw full;
        } catch (RuntimeException e) {
            throw CaptureFailure.retryable("could not store the files: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Downloads in the shared pool (base64 content is written here), except what an earlier attempt kept; the first
     * failure cancels the rest. Returns how many files were kept from an earlier attempt.
     */
    private int fetchAll(String taskId, Set<CaptureItem> items) throws IOException {
        List<Future<?>> running = new ArrayList<>();
        int reused = 0;
        for (CaptureItem item : items) {
            if (item.decoded != null) {
                item.writeDecoded();
                continue;
            }
            item.kept = store.kept(taskId, item.name, item.artifact.url()).orElse(null);
            if (item.kept != null) {
                item.fetched = item.kept.fetched();
                reused++;
                continue;
            }
            running.add(downloads.submit(() -> {
                download(taskId, item);
                return null;
            }));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
            return reused;
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof CaptureFailure || e.getCause() instanceof StorageUnavailable) {
                throw (RuntimeException) e.getCause();
            }
            throw CaptureFailure.retryable(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw CaptureFailure.retryable("the capture was stopped");
        }
    }

    private void download(String taskId, CaptureItem item) throws IOException {
        try {
            item.fetched = downloader.fetch(Urls.toHttpUri(item.artifact.url()), item.part);
        } catch (CaptureFailure failure) {
            Files.deleteIfExists(item.part);
            throw failure.at(item.artifact.jsonPath());
        } catch (StorageUnavailable full) {
            Files.deleteIfExists(item.part);
            storage.failed(taskId, full.kind(), full.getMessage());
            throw full;
        } catch (RuntimeException e) {
            Files.deleteIfExists(item.part);
            throw CaptureFailure.retryable(e.getClass().getSimpleName() + ": " + e.getMessage()).at(item.artifact.jsonPath());
        }
    }

    @Override
    public void close() {
        downloads.shutdownNow();
        downloader.close();
        leases.close();
        store.close();
    }
}
