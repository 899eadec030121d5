package ai.piapi.collector.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The output-capture and storage settings ({@code collector.artifacts.*}, {@code collector.storage.*}), read and
 * checked once at start-up; a broken value is a {@link ConfigurationException} naming its key.
 */
public record CaptureSettings(
        boolean enabled, List<String> allowedHosts, long maxBytes, int concurrency,
        Duration connectTimeout, Duration readTimeout, Duration downloadTimeout,
        boolean s3, String bucket, String prefix, String region, String endpoint) {

    public static CaptureSettings load(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        String storage = r.choice("collector.storage.type", "local", "local", "s3");
        boolean s3 = storage.equals("s3");
        String bucket = r.text("collector.storage.s3.bucket", "");
        if (s3 && bucket.isBlank()) {
            throw new ConfigurationException("collector.storage.s3.bucket is empty: collector.storage.type=s3 needs a bucket");
        }
        String endpoint = r.text("collector.storage.s3.endpoint", "");
        if (!endpoint.isBlank() && !endpoint.matches("https?://[^\\s/?#]+/?")) {
            throw new ConfigurationException("collector.storage.s3.endpoint: '" + endpoint + "' is not an http(s) URL of a server");
        }
        return new CaptureSettings(
                r.flag("collector.artifacts.enabled", "true"),
                hosts(r.text("collector.artifacts.allowed-hosts", "")),
                r.size("collector.artifacts.max-bytes", "2GiB"),
                r.whole("collector.artifacts.concurrency", "4", 1),
                r.duration("collector.artifacts.connect-timeout", "10s"),
                r.duration("collector.artifacts.read-timeout", "60s"),
                r.duration("collector.artifacts.download-timeout", "1h"),
                s3, bucket, r.text("collector.storage.s3.prefix", ""), r.text("collector.storage.s3.region", ""),
                endpoint.replaceAll("/$", ""));
    }

    private static List<String> hosts(String list) {
        List<String> hosts = Arrays.stream(list.split(",")).map(String::strip).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).toList();
        for (String h : hosts) {
            if (!h.matches("[a-z0-9.-]+|\\[?[0-9a-f:.]+]?")) {
                throw new ConfigurationException("collector.artifacts.allowed-hosts: '" + h
                        + "' is not a host name or address (no scheme, port or path)");
            }
        }
        return hosts;
    }

    /** The S3 key of {@code name} under the configured prefix. */
    public String key(String name) {
        return prefix + name;
    }
}
