package ai.piapi.collector.capture;

import ai.piapi.collector.settings.CaptureSettings;
import ai.piapi.collector.settings.ConfigurationException;
import ai.piapi.collector.domain.StorageUnavailable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Files in an S3-compatible bucket, as keys {@code <prefix><task_id>/<file>}, {@code <prefix><task_id>/manifest.json}
 * and {@code <prefix><task_id>.json}. A download is staged in {@code <state-dir>/staging/<task_id>/} (S3 needs the
 * length up front, and a retry must not upload half a file), then uploaded from disk; a PUT replaces a key whole.
 */
public final class S3ArtifactStore implements ArtifactStore {
    private final S3Client s3;
    private final CaptureSettings settings;
    private final Path stagingDir;

    public S3ArtifactStore(S3Client s3, CaptureSettings settings, Path stagingDir) {
        this.s3 = s3;
        this.settings = settings;
        this.stagingDir = stagingDir;
    }

    /** A client for the configured bucket: credentials from the AWS default chain, path-style on an endpoint override. */
    public static S3Client client(CaptureSettings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout()).socketTimeout(settings.readTimeout()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (!settings.region().isBlank()) {
            builder.region(Region.of(settings.region()));
        }
        if (!settings.endpoint().isBlank()) {
            // S3-compatible servers (MinIO, Ceph, S3Proxy) take path-style addressing and no default checksum trailers
            builder.endpointOverride(URI.create(settings.endpoint())).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        try {
            return builder.build();
        } catch (SdkClientException noRegion) {
            throw new ConfigurationException("collector.storage.s3.region is empty and no AWS region is configured"
                    + " (AWS_REGION or a profile): set one");
        }
    }

    @Override
    public Path workFolder(String taskId) {
        Path folder = stagingDir.resolve(taskId);
        try {
            Files.createDirectories(folder);
            LocalArtifactStore.deleteParts(folder);
            return folder;
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot prepare the staging folder " + folder, e);
        }
    }

    @Override
    public Optional<Kept> kept(String taskId, String name, String url) {
        try {
            return Staging.kept(stagingDir.resolve(taskId), name, url);
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot read the staging folder " + stagingDir.resolve(taskId), e);
        }
    }

    @Override
    public Path keep(String taskId, String name, String url, Path part, Fetched fetched) {
        Path folder = stagingDir.resolve(taskId);
        try {
            return Staging.stage(folder, name, url, part, fetched);
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot stage " + name + " in " + folder, e);
        }
    }

    @Override
    public void put(String taskId, String name, String url, Path file, Fetched fetched) {
        String key = settings.key(taskId + "/" + name);
        call("cannot upload s3://" + settings.bucket() + "/" + key,
                () -> s3.putObject(request(taskId + "/" + name, fetched.contentType()), RequestBody.fromFile(file)));
        Path folder = stagingDir.resolve(taskId);
        try {
            Staging.stored(folder, name, url, fetched);
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot update the staging folder " + folder, e);
        }
    }

    @Override
    public void putManifest(String taskId, byte[] json, Set<String> names) {
        String folder = settings.key(taskId + "/");
        call("cannot store s3://" + settings.bucket() + "/" + folder + ArtifactNames.MANIFEST, () -> {
            s3.putObject(request(taskId + "/" + ArtifactNames.MANIFEST, "application/json"), RequestBody.fromBytes(json));
            for (S3Object stale : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(folder)).contents()) {
                String name = stale.key().substring(folder.length());
                if (!name.equals(ArtifactNames.MANIFEST) && !names.contains(name)) {
                    s3.deleteObject(b -> b.bucket(settings.bucket()).key(stale.key()));
                }
            }
            return null;
        });
        deleteStaging(stagingDir.resolve(taskId));
    }

    @Override
    public String putTaskJson(String taskId, String json) {
        call("cannot store " + uri(taskId + ".json"),
                () -> s3.putObject(request(taskId + ".json", "application/json"), RequestBody.fromString(json)));
        return uri(taskId + ".json");
    }

    @Override
    public String locationOf(String taskId, String name) {
        return uri(taskId + "/" + name);
    }

    private String uri(String name) {
        return "s3://" + settings.bucket() + "/" + settings.key(name);
    }

    @Override
    public void probe() {
        String key = settings.key(".piapi-collector-probe-" + UUID.randomUUID());
        call("cannot write to s3://" + settings.bucket() + "/" + settings.prefix(), () -> {
            s3.putObject(b -> b.bucket(settings.bucket()).key(key), RequestBody.fromString("piapi-collector storage probe\n"));
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
            return null;
        });
        LocalArtifactStore.probe(stagingDir);
    }

    @Override
    public String describe() {
        return "bucket s3://" + settings.bucket() + "/" + settings.prefix();
    }

    /** Runs one S3 call; any failure of it (unreachable, refused, throttled past the SDK's retries) is an outage. */
    private static <T> T call(String doing, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (SdkException | java.io.UncheckedIOException e) {
            throw StorageUnavailable.of(doing, e);
        }
    }

    /** The task's staging records (its files are stored): gone once the manifest is. */
    private static void deleteStaging(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.DirectoryNotEmptyException racing) {
            // already gone, or a cancelled download's part file: the task's next capture clears it
        } catch (IOException e) {
            throw StorageUnavailable.of("cannot clear the staging folder " + folder, e);
        }
    }

    private PutObjectRequest request(String name, String contentType) {
        return PutObjectRequest.builder().bucket(settings.bucket()).key(settings.key(name))
                .contentType(contentType == null ? "application/octet-stream" : contentType).build();
    }

    @Override
    public void close() {
        s3.close();
    }
}
