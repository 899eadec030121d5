package ai.piapi.collector.capture;

import ai.piapi.collector.format.ByteSizes;
import ai.piapi.collector.task.CaptureFailure;
import ai.piapi.collector.settings.CaptureSettings;
import ai.piapi.collector.format.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Downloads one file to disk, streaming: never more than a 64 KiB buffer in memory, SHA-256 computed on the way,
 * the size cap enforced on the declared length and on the bytes that actually arrive. Redirects are followed
 * here, not by the client, so the host policy judges every hop; the client's resolver judges every address.
 * Its requests carry no credentials of any kind (no API key, no cookies).
 */
public final class Downloader implements AutoCloseable {
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int BUFFER = 64 * 1024;

    private final HostPolicy policy;
    private final long maxBytes;
    private final long downloadTimeoutNanos;
    private final String downloadTimeout;
    private final CloseableHttpClient client;

    public Downloader(HostPolicy policy, CaptureSettings settings, DnsResolver dns) {
        this.policy = policy;
        this.maxBytes = settings.maxBytes();
        this.downloadTimeoutNanos = settings.downloadTimeout().toNanos();
        this.downloadTimeout = Durations.format(settings.downloadTimeout());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDnsResolver(policy, dns))
                        .setMaxConnTotal(settings.concurrency())
                        .setMaxConnPerRoute(settings.concurrency())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.readTimeout())).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.readTimeout()))
                        .setRedirectsEnabled(false).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression() // the bytes stored, counted and hashed are the bytes served
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("piapi-collector")
                .build();
    }

    /** Streams the file at {@code url} into {@code target} (created or truncated); the caller removes it on failure. */
    public Fetched fetch(URI url, Path target) {
        long deadline = System.nanoTime() + downloadTimeoutNanos;
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            String refusal = policy.refuseUrl(current);
            if (refusal != null) {
                throw CaptureFailure.permanent((hop == 0 ? "refused " : "refused a redirect to ")
                        + Urls.origin(current) + ": " + refusal);
            }
            HttpGet get = new HttpGet(current);
            ClassicHttpResponse response = null;
            try {
                response = client.executeOpen(null, get, null);
                int status = response.getCode();
                if (REDIRECTS.contains(status)) {
                    current = redirectTarget(current, response.getFirstHeader("Location"));
                    get.cancel(); // a redirect's body is never read
                    continue;
                }
                if (status != 200) {
                    get.cancel();
                    throw new CaptureFailure("HTTP " + status + " from " + Urls.origin(current), true, status);
                }
                return save(get, response.getEntity(), target, current, deadline);
            } catch (GuardedDnsResolver.RefusedAddressException refused) {
                throw CaptureFailure.permanent((hop == 0 ? "refused: " : "refused a redirect: ") + refused.getMessage());
            } catch (IOException e) {
                throw CaptureFailure.retryable(e.getClass().getSimpleName() + " from " + Urls.origin(current)
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            } finally {
                closeQuietly(response);
            }
        }
        throw CaptureFailure.permanent("more than " + MAX_REDIRECTS + " redirects from " + Urls.origin(url));
    }

    private static URI redirectTarget(URI from, Header location) {
        if (location == null || location.getValue().isBlank()) {
            throw CaptureFailure.retryable("a redirect without a Location from " + Urls.origin(from));
        }
        try {
            return from.resolve(Urls.lenient(location.getValue()));
        } catch (URISyntaxException | IllegalArgumentException bad) {
            throw CaptureFailure.permanent("an unreadable redirect Location from " + Urls.origin(from));
        }
    }

    private Fetched save(HttpGet get, HttpEntity entity, Path target, URI from, long deadline) throws IOException {
        long declared = entity == null ? 0 : entity.getContentLength();
        if (declared > maxBytes) {
            get.cancel();
            throw tooLarge(from, "is " + ByteSizes.format(declared));
        }
        MessageDigest sha = PartFiles.sha256();
        long total = 0;
        try (FileChannel out = PartFiles.open(target)) {
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    byte[] buffer = new byte[BUFFER];
                    for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                        total += n;
                        if (total > maxBytes) {
                            get.cancel(); // stop reading now: closing the stream would drain the rest
                            throw tooLarge(from, "sent more than that");
                        }
                        if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                            get.cancel();
                            throw CaptureFailure.retryable("download from " + Urls.origin(from)
                                    + (Thread.currentThread().isInterrupted() ? " was stopped" : " took longer than " + downloadTimeout));
                        }
                        sha.update(buffer, 0, n);
                        PartFiles.writeAll(out, buffer, n, target, get::cancel);
                    }
                }
            }
            PartFiles.force(out, target);
        }
        String type = entity == null ? null : entity.getContentType();
        return new Fetched(total, HexFormat.of().formatHex(sha.digest()), type);
    }

    private CaptureFailure tooLarge(URI from, String what) {
        return CaptureFailure.permanent("collector.artifacts.max-bytes is " + ByteSizes.format(maxBytes)
                + " and the file from " + Urls.origin(from) + " " + what);
    }

    /** A cancelled response's close fails on the dropped connection: that is the point, not an error. */
    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException dropped) {
                // the connection was cancelled on purpose
            }
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }
}
