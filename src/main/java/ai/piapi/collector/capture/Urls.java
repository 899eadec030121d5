package ai.piapi.collector.capture;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** URLs as file hosts write them, read leniently but never guessed at. */
public final class Urls {
    /** RFC 3986 reserved and unreserved punctuation, plus '%' for what is already encoded. */
    private static final String URI_CHARS = "-._~:/?#[]@!$&'()*+,;=%";

    private Urls() {
    }

    /**
     * The URI of a string that is one http(s) URL: characters a URI may not hold ({@code |}, {@code ^}, non-ASCII)
     * are percent-encoded first. Null when the text is not an absolute http(s) URL with a host, or holds whitespace.
     */
    public static URI toHttpUri(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://") || text.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        try {
            URI uri = lenient(text);
            return uri.getHost() == null || uri.getHost().isEmpty() ? null : uri;
        } catch (URISyntaxException notAUri) {
            return null;
        }
    }

    /** Parses a URI (absolute or relative, as in a redirect's Location) after percent-encoding what a URI may not hold. */
    public static URI lenient(String text) throws URISyntaxException {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.strip().getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean keep = c < 0x7f && (Character.isLetterOrDigit(c) || URI_CHARS.indexOf(c) >= 0);
            out.append(keep ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return new URI(out.toString());
    }

    /** Scheme, host and port only: what logs and records say about a file's URL (its query may be a signature). */
    public static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
