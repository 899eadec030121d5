package ai.piapi.collector.capture;

import ai.piapi.collector.format.SafeUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/** URLs as file hosts write them, read leniently but never guessed at. */
public final class Urls {
    /** RFC 3986 reserved and unreserved punctuation, plus '%' for what is already encoded. */
    private static final String URI_CHARS = "-._~:/?#[]@!$&'()*+,;=%";

    private Urls() {
    }

    /** True for every string that starts with {@code http://} or {@code https://}: each is a file to capture. */
    public static boolean looksHttp(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /**
     * The URI of a string that is one http(s) URL: characters a URI may not hold (a space, {@code |}, {@code ^},
     * non-ASCII, a {@code %} that starts no escape) are percent-encoded first. Null when even so it is not a URI;
     * the host is null when {@code java.net.URI} cannot read it ({@code bad_host.example}, {@code 127.1}).
     */
    public static URI toHttpUri(String text) {
        if (!looksHttp(text)) {
            return null;
        }
        try {
            return lenient(text);
        } catch (URISyntaxException notAUri) {
            return null;
        }
    }

    /** The URL without its query and fragment (they may be signatures) and without user info: for records and logs. */
    public static String shown(String text) {
        String cut = text.strip();
        int end = cut.length();
        for (char c : new char[] {'?', '#'}) {
            int at = cut.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return SafeUri.of(cut.substring(0, end));
    }

    /** Parses a URI (absolute or relative, as in a redirect's Location) after percent-encoding what a URI may not hold. */
    public static URI lenient(String text) throws URISyntaxException {
        StringBuilder out = new StringBuilder(text.length());
        byte[] bytes = text.strip().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean keep = c < 0x7f && (Character.isLetterOrDigit(c) || URI_CHARS.indexOf(c) >= 0)
                    && (c != '%' || isEscape(bytes, i));
            out.append(keep ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return new URI(out.toString());
    }

    /** A {@code %} followed by two hex digits: an escape already made, kept as it is. */
    private static boolean isEscape(byte[] bytes, int at) {
        return at + 2 < bytes.length && HexFormat.isHexDigit(bytes[at + 1]) && HexFormat.isHexDigit(bytes[at + 2]);
    }

    /** Scheme, host and port only: what logs and records say about a file's URL (its query may be a signature). */
    public static String origin(URI uri) {
        if (uri.getHost() == null) { // an authority java.net cannot read as a host: shown without user info
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
            return uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
