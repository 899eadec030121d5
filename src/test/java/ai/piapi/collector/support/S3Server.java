package ai.piapi.collector.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * An S3-compatible server in this JVM (S3Proxy over an in-memory blob store, AWS v4 signatures checked) with one
 * bucket, on a fixed free port: it can be stopped and started again, keeping its objects (an outage of the bucket).
 */
public final class S3Server implements AutoCloseable {
    private final BlobStoreContext blobs;
    private final String bucket;
    private final String accessKey;
    private final String secretKey;
    private final int port;
    private S3Proxy proxy;

    private S3Server(String bucket, String accessKey, String secretKey) throws IOException {
        this.blobs = ContextBuilder.newBuilder("transient").credentials("unused", "unused").build(BlobStoreContext.class);
        this.bucket = bucket;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        blobs.getBlobStore().createContainerInLocation(null, bucket);
        try (ServerSocket free = new ServerSocket(0)) {
            this.port = free.getLocalPort();
        }
    }

    /** A running server with {@code bucket}, taking requests signed with these credentials. */
    public static S3Server start(String bucket, String accessKey, String secretKey) throws Exception {
        S3Server server = new S3Server(bucket, accessKey, secretKey);
        server.startAgain();
        return server;
    }

    /** Starts (again) on the same port, over the same objects. */
    public void startAgain() throws Exception {
        proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        proxy.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> AbstractLifeCycle.STARTED.equals(proxy.getState()));
    }

    /** Stops answering (connections are refused); the objects stay. */
    public void stop() throws Exception {
        proxy.stop();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public BlobStore blobs() {
        return blobs.getBlobStore();
    }

    /** Every key in the bucket, sorted. */
    public List<String> keys() {
        return StreamSupport.stream(blobs().list(bucket, ListContainerOptions.Builder.recursive()).spliterator(), false)
                .map(StorageMetadata::getName).sorted().toList();
    }

    public byte[] object(String key) throws IOException {
        try (InputStream in = blobs().getBlob(bucket, key).getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        blobs.close();
    }
}
