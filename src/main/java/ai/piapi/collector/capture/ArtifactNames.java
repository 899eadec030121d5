package ai.piapi.collector.capture;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Safe, unique file names for one task's captured files. A name comes from the last segment of the URL's path
 * (or the field name for base64 content), reduced to {@code [A-Za-z0-9._-]}, never starting with a dot, at most
 * {@value #MAX_LENGTH} characters; so no input can reach outside the task's folder or hide a file.
 */
public final class ArtifactNames {
    public static final String MANIFEST = "manifest.json";
    static final int MAX_LENGTH = 100;

    private final Set<String> taken = new HashSet<>(Set.of(MANIFEST));

    /** A name for the file behind {@code uri}, unique among the names this instance gave out. */
    public String forUrl(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.replace('\\', '/');
        last = last.substring(last.lastIndexOf('/') + 1);
        return claim(safe(last, "file"));
    }

    /** A name for decoded base64 content of {@code field}, with the extension its first bytes show. */
    public String forBase64(String field, byte[] head) {
        return claim(safe(field == null ? "" : field, "base64") + extension(head));
    }

    /** The given name made safe; an empty or all-dots result becomes {@code fallback}. */
    static String safe(String raw, String fallback) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
            out.append(plain ? c : '_');
        }
        String name = out.toString().replaceAll("^\\.+", "").replaceAll("\\.{2,}", ".");
        if (name.isEmpty()) {
            name = fallback;
        }
        return clip(name);
    }

    private static String clip(String name) {
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
        return name.substring(0, MAX_LENGTH - ext.length()) + ext;
    }

    /** Adds {@code -2}, {@code -3}, … before the extension until the name is free (case-insensitively). */
    private String claim(String name) {
        String candidate = name;
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = clip(stem + "-" + n + ext);
        }
        return candidate;
    }

    /** The extension for the common image and video signatures; {@code .bin} when unknown. */
    static String extension(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G')) {
            return ".png";
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return ".jpg";
        }
        if (startsWith(head, 'G', 'I', 'F', '8')) {
            return ".gif";
        }
        if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12 && head[8] == 'W' && head[9] == 'E' && head[10] == 'B'
                && head[11] == 'P') {
            return ".webp";
        }
        if (head.length >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            return ".mp4";
        }
        return ".bin";
    }

    private static boolean startsWith(byte[] head, int... signature) {
        if (head.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** The content type that goes with {@link #extension(byte[])}. */
    public static String contentType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        if (lower.endsWith(".mp4")) {
            return "video/mp4";
        }
        return "application/octet-stream";
    }
}
