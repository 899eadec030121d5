package ai.piapi.collector.capture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.piapi.collector.task.CaptureFailure;
import ai.piapi.collector.settings.CaptureSettings;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a local file host (WireMock): streaming, hashing, caps, timeouts, redirects and the host policy. */
class DownloaderTest {
    private static final byte[] PNG = "\u0089PNG fake image bytes".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;
    WireMockServer files;
    Downloader downloader;

    @BeforeEach
    void start() {
        files = new WireMockServer(options().dynamicPort());
        files.start();
    }

    @AfterEach
    void stop() {
        if (downloader != null) {
            downloader.close();
        }
        files.stop();
    }

    private static CaptureSettings settings(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("collector.artifacts.read-timeout", "10s",
                "collector.artifacts.connect-timeout", "2s"));
        values.putAll(extra);
        return CaptureSettings.load(k -> Optional.ofNullable(values.get(k)));
    }

    /** A downloader that may fetch from the WireMock host by the name {@code localhost} (its test stand-in for a CDN). */
    private Downloader listing(String... extra) {
        return new Downloader(HostPolicy.allowing(List.of("localhost")), settings(Map.ofEntries(extra.length == 0
                ? Map.entry("collector.artifacts.max-bytes", "1MiB") : Map.entry(extra[0], extra[1]))),
                SystemDefaultDnsResolver.INSTANCE);
    }

    private String url(String path) {
        return "http://localhost:" + files.port() + path;
    }

    @Test
    void streamsTheFileToDiskWithItsDigestSizeAndType() throws Exception {
        files.stubFor(get("/temp/a.png").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(PNG)));
        downloader = listing();
        Path target = dir.resolve(".a.png.part");

        Fetched fetched = downloader.fetch(URI.create(url("/temp/a.png")), target);

        assertThat(Files.readAllBytes(target)).isEqualTo(PNG);
        assertThat(fetched.bytes()).isEqualTo(PNG.length);
        assertThat(fetched.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PNG)));
        assertThat(fetched.contentType()).isEqualTo("image/png");
        LoggedRequest request = files.findAll(getRequestedFor(urlEqualTo("/temp/a.png"))).get(0);
        assertThat(request.getHeaders().keys()).noneMatch(h -> h.equalsIgnoreCase("X-API-Key") || h.equalsIgnoreCase("Cookie")
                || h.equalsIgnoreCase("Authorization"));
        assertThat(request.getHeader("Accept-Encoding")).isNull();
    }

    @Test
    void reportsAnHttpErrorAsRetryableWithItsStatus() {
        files.stubFor(get("/gone.png").willReturn(aResponse().withStatus(404).withBody("not here")));
        downloader = listing();

        assertThatThrownBy(() -> downloader.fetch(URI.create(url("/gone.png")), dir.resolve("x")))
                .isInstanceOfSatisfying(CaptureFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.httpStatus()).isEqualTo(404);
                    assertThat(f).hasMessage("HTTP 404 from http://localhost:" + files.port());
                });
    }

    @Test
    void givesUpOnAFileThatDoesNotAnswerWithinTheReadTimeout() {
        files.stubFor(get("/slow.png").willReturn(aResponse().withFixedDelay(4000).withBody(PNG)));
        downloader = listing("collector.artifacts.read-timeout", "1s");

        assertThatThrownBy(() -> downloader.fetch(URI.create(url("/slow.png")), dir.resolve("x")))
                .isInstanceOfSatisfying(CaptureFailure.class, f -> assertThat(f.retryable()).isTrue())
                .hasMessageContaining("Timeout");
    }

    @Test
    void refusesAFileDeclaredLargerThanTheCapWithoutReadingIt() {
        files.stubFor(get("/big.bin").willReturn(aResponse().withHeader("Content-Length", "4096").withBody(new byte[4096])));
        downloader = listing("collector.artifacts.max-bytes", "1KiB");
        Path target = dir.resolve("big.part");

        assertThatThrownBy(() -> downloader.fetch(URI.create(url("/big.bin")), target))
                .isInstanceOfSatisfying(CaptureFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("max-bytes is 1.0 KiB").hasMessageContaining("is 4.0 KiB");
        assertThat(target).doesNotExist();
    }

    @Test
    void stopsReadingAFileWithoutLengthOnceItPassesTheCap() {
        files.stubFor(get("/stream.bin").willReturn(aResponse().withBody(new byte[64 * 1024]).withChunkedDribbleDelay(8, 200)));
        downloader = listing("collector.artifacts.max-bytes", "10KiB");

        assertThatThrownBy(() -> downloader.fetch(URI.create(url("/stream.bin")), dir.resolve("s.part")))
                .isInstanceOfSatisfying(CaptureFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("sent more than that");
    }

    @Test
    void followsARedirectTheListAllows() throws Exception {
        files.stubFor(get("/r").willReturn(aResponse().withStatus(302).withHeader("Location", "/temp/real.png")));
        files.stubFor(get("/temp/real.png").willReturn(aResponse().withBody(PNG)));
        downloader = listing();

        Fetched fetched = downloader.fetch(URI.create(url("/r")), dir.resolve("r.part"));

        assertThat(fetched.bytes()).isEqualTo(PNG.length);
    }

    @Test
    void refusesARedirectToAHostOffTheList() {
        files.stubFor(get("/r").willReturn(aResponse().withStatus(301)
                .withHeader("Location", "http://127.0.0.1:" + files.port() + "/secret")));
        downloader = listing();

        assertThatThrownBy(() -> downloader.fetch(URI.create(url("/r")), dir.resolve("r.part")))
                .hasMessageContaining("refused a redirect to http://127.0.0.1")
                .isInstanceOfSatisfying(CaptureFailure.class, f -> assertThat(f.retryable()).isFalse()).hasMessageContaining("not in collector.artifacts.allowed-hosts");
        assertThat(files.findAll(getRequestedFor(urlEqualTo("/secret")))).isEmpty();
    }

    /**
     * The default policy (no list) judges the redirect. The first hop stands in for a public CDN: the test lets the
     * host named "localhost" through, and nothing else, so what refuses the redirect is the default policy itself.
     */
    private Downloader defaultPolicyBehindAPublicFirstHop(DnsResolver dns) {
        HostPolicy defaults = new HostPolicy(List.of()) {
            @Override
            public String refuseUrl(URI uri) {
                return "localhost".equals(uri.getHost()) ? null : super.refuseUrl(uri);
            }

            @Override
            public String refuseAddress(String host, InetAddress address) {
                return "localhost".equals(host) ? null : super.refuseAddress(host, address);
            }
        };
        return new Downloader(defaults, settings(Map.of()), dns);
    }

    @Test
    void theDefaultPolicyRefusesARedirectTo127001() {
        files.stubFor(get("/r").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "https://127.0.0.1:" + files.port() + "/secret")));
        downloader = defaultPolicyBehindAPublicFirstHop(SystemDefaultDnsResolver.INSTANCE);

        assertThatThrownBy(() -> downloader.fetch(URI.create(url("/r")), dir.resolve("r.part")))
                .isInstanceOfSatisfying(CaptureFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("refused a redirect to https://127.0.0.1")
                .hasMessageContaining("loopback, private, link-local or reserved");
        assertThat(files.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl).containsExactly("/r");
    }

    @Test
    void theDefaultPolicyChecksTheAddressARedirectsHostResolvesTo() {
        DnsResolver internalDns = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return host.equals("files.internal.test") ? new InetAddress[] {InetAddress.getLoopbackAddress()}
                        : SystemDefaultDnsResolver.INSTANCE.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        files.stubFor(get("/r").willReturn(aResponse().withStatus(307)
                .withHeader("Location", "https://files.internal.test:" + files.port() + "/secret")));
        downloader = defaultPolicyBehindAPublicFirstHop(internalDns);

        assertThatThrownBy(() -> downloader.fetch(URI.create(url("/r")), dir.resolve("r.part")))
                .isInstanceOfSatisfying(CaptureFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("files.internal.test resolves to 127.0.0.1");
        assertThat(files.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl).containsExactly("/r");
    }

    @Test
    void theDefaultPolicyRefusesALocalFileHostBeforeAnyRequest() {
        downloader = new Downloader(HostPolicy.allowing(List.of()), settings(Map.of()), SystemDefaultDnsResolver.INSTANCE);

        assertThatThrownBy(() -> downloader.fetch(URI.create(url("/a.png")), dir.resolve("a.part")))
                .isInstanceOfSatisfying(CaptureFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("plain http is refused");
        assertThatThrownBy(() -> downloader.fetch(URI.create("https://localhost:" + files.port() + "/a.png"), dir.resolve("a.part")))
                .isInstanceOfSatisfying(CaptureFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("localhost resolves to");
        assertThat(files.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void givesUpAfterFiveRedirects() {
        files.stubFor(get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
        downloader = listing();

        assertThatThrownBy(() -> downloader.fetch(URI.create(url("/loop")), dir.resolve("l.part")))
                .isInstanceOfSatisfying(CaptureFailure.class, f -> assertThat(f.retryable()).isFalse())
                .hasMessageContaining("more than 5 redirects");
        assertThat(files.findAll(getRequestedFor(urlEqualTo("/loop")))).hasSize(6);
    }
}
