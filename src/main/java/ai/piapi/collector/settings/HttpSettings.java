package ai.piapi.collector.settings;

import java.time.Duration;
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
        SettingsReader r = new SettingsReader(lookup);
        return new HttpSettings(
                r.flag("collector.http.enabled", "true"),
                r.text("collector.http.host", "127.0.0.1"),
                r.port("collector.http.port", "8080"),
                r.text("collector.http.token", ""),
                r.text("collector.webhook.secret", ""),
                r.flag("collector.webhook.accept-unknown", "true"),
                r.bytes("collector.webhook.max-body", "1048576"),
                r.duration("collector.metrics.state-cache", "10s"),
                java.util.Arrays.stream(r.text("collector.http.allowed-hosts", "").split(",")).map(String::strip)
                        .filter(h -> !h.isEmpty()).toList(),
                r.whole("collector.http.max-requests", "16", 1),
                r.size("collector.http.body-budget", "16MiB"),
                r.duration("collector.http.read-timeout", "30s"));
    }

    @Override
    public String toString() { // the record's own would print the token and the secret
        return "HttpSettings[enabled=" + enabled + ", address=" + host + ":" + port + ", token=" + (token.isEmpty() ? "unset" : "***")
                + ", webhookSecret=" + (webhookSecret.isEmpty() ? "unset" : "***") + ", acceptUnknown=" + acceptUnknown
                + ", webhookMaxBody=" + webhookMaxBody + ", allowedHosts=" + allowedHosts + ", maxRequests=" + maxRequests
                + ", bodyBudget=" + bodyBudget + ", readTimeout=" + readTimeout + "]";
    }
}
