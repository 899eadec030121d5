package ai.piapi.collector.http;

import ai.piapi.collector.domain.ConfigurationException;
import ai.piapi.collector.domain.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTTP face's settings, read and checked once at start-up like {@code CollectorSettings}. The server itself
 * (host, port, on/off) is Camel's: {@code config/application.properties} maps {@code collector.http.*} onto
 * {@code camel.server.*} and {@code camel.management.*}.
 *
 * @param enabled          {@code collector.http.enabled}
 * @param host             {@code collector.http.host}
 * @param port             {@code collector.http.port} (0: a free one)
 * @param token            {@code collector.http.token}: bearer token for {@code /tasks}; empty = open
 * @param webhookSecret    {@code collector.webhook.secret}: empty refuses every webhook delivery
 * @param acceptUnknown    {@code collector.webhook.accept-unknown}
 * @param webhookMaxBody   {@code collector.webhook.max-body}, bytes
 * @param stateCountsCache {@code collector.metrics.state-cache}: how long task counts per state are reused
 * @param allowedHosts     {@code collector.http.allowed-hosts}: Host names answered besides loopback and the bind address
 * @param maxRequests      {@code collector.http.max-requests}: requests in flight at once (503 beyond)
 * @param bodyBudget       {@code collector.http.body-budget}: bytes of request bodies held at once (503 beyond)
 * @param readTimeout      {@code collector.http.read-timeout}: a request not read whole by then loses its connection
 */
public record HttpSettings(boolean enabled, String host, int port, String token, String webhookSecret, boolean acceptUnknown,
                           long webhookMaxBody, Duration stateCountsCache, java.util.List<String> allowedHosts,
                           int maxRequests, long bodyBudget, Duration readTimeout) {

    public static HttpSettings load(Function<String, Optional<String>> lookup) {
        return new HttpSettings(
                flag(lookup, "collector.http.enabled", "true"),
                text(lookup, "collector.http.host").isEmpty() ? "127.0.0.1" : text(lookup, "collector.http.host"),
                port(lookup, "collector.http.port", "8080"),
                text(lookup, "collector.http.token"),
                text(lookup, "collector.webhook.secret"),
                flag(lookup, "collector.webhook.accept-unknown", "true"),
                bytes(lookup, "collector.webhook.max-body", "1048576"),
                duration(lookup, "collector.metrics.state-cache", "10s"),
                java.util.Arrays.stream(text(lookup, "collector.http.allowed-hosts").split(",")).map(String::strip)
                        .filter(h -> !h.isEmpty()).toList(),
                (int) Math.min(Integer.MAX_VALUE, bytes(lookup, "collector.http.max-requests", "16")),
                size(lookup, "collector.http.body-budget", "16MiB"),
                duration(lookup, "collector.http.read-timeout", "30s"));
    }

    private static long size(Function<String, Optional<String>> lookup, String key, String fallback) {
        String value = lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty()).orElse(fallback);
        try {
            return ai.piapi.collector.domain.ByteSizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() { // the record's own would print the token and the secret
        return "HttpSettings[enabled=" + enabled + ", address=" + host + ":" + port + ", token=" + (token.isEmpty() ? "unset" : "***")
                + ", webhookSecret=" + (webhookSecret.isEmpty() ? "unset" : "***") + ", acceptUnknown=" + acceptUnknown
                + ", webhookMaxBody=" + webhookMaxBody + ", allowedHosts=" + allowedHosts + ", maxRequests=" + maxRequests
                + ", bodyBudget=" + bodyBudget + ", readTimeout=" + readTimeout + "]";
    }

    private static String text(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).map(String::strip).orElse("");
    }

    private static boolean flag(Function<String, Optional<String>> lookup, String key, String fallback) {
        String value = lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty()).orElse(fallback).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigurationException(key + ": '" + value + "' is not true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static int port(Function<String, Optional<String>> lookup, String key, String fallback) {
        String value = lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty()).orElse(fallback);
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= 65_535) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigurationException(key + ": '" + value + "' is not a port number (0 to 65535; 0 picks a free one)");
    }

    private static long bytes(Function<String, Optional<String>> lookup, String key, String fallback) {
        String value = lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty()).orElse(fallback);
        try {
            long n = Long.parseLong(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigurationException(key + ": '" + value + "' is not a whole number of bytes of at least 1");
    }

    private static Duration duration(Function<String, Optional<String>> lookup, String key, String fallback) {
        try {
            return Durations.parse(lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty()).orElse(fallback));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + ": " + e.getMessage());
        }
    }
}
