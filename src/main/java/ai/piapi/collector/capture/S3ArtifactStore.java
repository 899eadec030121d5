package ai.piapi.collector.capture;

import ai.piapi.collector.domain.ArtifactNames;
import ai.piapi.collector.domain.CaptureSettings;
import ai.piapi.collector.domain.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
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
    public Path workFolder(String taskId) throws IOException {
        Path folder = Files.createDirectories(stagingDir.resolve(taskId));
        LocalArtifactStore.deleteParts(folder);
        return folder;
    }

    @Override
    public void put(String taskId, String name, Path file, String contentType) throws IOException {
        s3.putObject(request(taskId + "/" + name, contentType), RequestBody.fromFile(file));
        Files.deleteIfExists(file);
    }

    @Override
    public void putManifest(String taskId, byte[] json, Set<String> names) throws IOException {
        s3.putObject(request(taskId + "/" + ArtifactNames.MANIFEST, "application/json"), RequestBody.fromBytes(json));
        String folder = settings.key(taskId + "/");
        for (S3Object stale : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(folder)).contents()) {
            String name = stale.key().substring(folder.length());
            if (!name.equals(ArtifactNames.MANIFEST) && !names.contains(name)) {
                s3.deleteObject(b -> b.bucket(settings.bucket()).key(stale.key()));
            }
        }
        try {
            Files.deleteIfExists(stagingDir.resolve(taskId));
        } catch (java.nio.file.DirectoryNotEmptyException leftovers) {
            // a cancelled download's part file: the task's next capture clears it
        }
    }

    @Override
    public String putTaskJson(String taskId, String json) {
        s3.putObject(request(taskId + ".json", "application/json"), RequestBody.fromString(json));
        return uri(taskId + ".json");
    }

    @Override
    public String locationOf(String taskId, String name) {
        return uri(taskId + "/" + name);
    }

    private String uri(String name) {
        return "s3://" + settings.bucket() + "/" + settings.key(name);
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
