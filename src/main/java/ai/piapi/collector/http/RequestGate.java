package ai.piapi.collector.http;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the HTTP face refuses before a request's body is read or any route sees it (plain decisions; {@link HttpGate}
 * applies them on the server). A browser page on another site must not reach the task API: a request whose
 * {@code Origin} is present and not one of ours is refused, and so is a {@code Host} that is not an allowed name
 * (DNS rebinding). Secrets are taken from headers only, never from the query string (which proxies log). The webhook
 * takes JSON only: a form would be taken apart into headers by the server before any secret check.
 */
public final class RequestGate {
    /** Query parameters that would otherwise be read as the header of the same name. */
    private static final Set<String> SECRET_PARAMETERS = Set.of("authorization", "x-webhook-secret");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    private final Set<String> allowedHosts;

    /** {@code bindHost}: the address the server binds (a wildcard adds nothing); {@code extra}: collector.http.allowed-hosts. */
    public RequestGate(String bindHost, Collection<String> extra) {
        this.allowedHosts = Stream.concat(Stream.concat(LOOPBACK.stream(), Stream.of(bindHost)), extra.stream())
                .map(RequestGate::normalise)
                .filter(h -> !h.isEmpty() && !h.equals("0.0.0.0") && !h.equals("::"))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** A refusal (status and words), or null when the request may go on. Observe paths (health, metrics) skip Host/Origin. */
    public Refusal check(String path, String host, String origin, String query, String contentType) {
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String name = java.net.URLDecoder.decode(pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8);
                if (SECRET_PARAMETERS.contains(name.strip().toLowerCase(Locale.ROOT))) {
                    return new Refusal(400, "secrets are taken from headers only, never from the query string ("
                            + name.strip().toLowerCase(Locale.ROOT) + ")");
                }
            }
        }
        boolean observe = path != null && path.startsWith("/observe/");
        if (!observe && host != null && !allowedHosts.contains(hostOf(host))) {
            return new Refusal(421, "this server does not answer for that Host; set collector.http.allowed-hosts to add a name");
        }
        if (!observe && origin != null && !isOurs(origin)) {
            return new Refusal(403, "cross-origin requests are refused");
        }
        if (path != null && path.startsWith("/webhooks/") && contentType != null && !isJson(contentType)) {
            return new Refusal(415, "the webhook takes application/json only");
        }
        if (path != null && path.startsWith("/tasks") && contentType != null && isForm(contentType)) {
            return new Refusal(415, "send the task IDs as application/json or text/plain, not as a form"
                    + " (curl: add -H 'Content-Type: text/plain')");
        }
        return null;
    }

    /** A refused request: its HTTP status and the reason the answer gives. */
    public record Refusal(int status, String reason) {
    }

    private boolean isOurs(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && allowedHosts.contains(normalise(uri.getHost()));
        } catch (java.net.URISyntaxException | IllegalArgumentException unreadable) {
            return false; // "null" (sandboxed pages, file:) and anything unreadable
        }
    }

    private static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        return type.isEmpty() || type.equals("application/json") || type.endsWith("+json");
    }

    private static boolean isForm(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data");
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The host of a Host header: {@code name}, {@code name:port}, {@code [v6]:port}. */
    static String hostOf(String header) {
        String h = header.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return normalise(end < 0 ? h : h.substring(0, end + 1));
        }
        int colon = h.indexOf(':');
        return normalise(colon >= 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h);
    }

    private static String normalise(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
