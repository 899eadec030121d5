package ai.piapi.collector.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the files in a completed task's {@code output}, whatever the model's shape: every string that is an
 * absolute http(s) URL, anywhere in the tree, and every non-empty {@code *_base64} string field.
 */
public final class OutputArtifacts {
    /** More than this in one task is not a real output: the capture is refused rather than run. */
    public static final int LIMIT = 1000;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private OutputArtifacts() {
    }

    /** The files under {@code output} in document order; an absent or null output has none. */
    public static List<OutputArtifact> find(JsonNode output) {
        List<OutputArtifact> found = new ArrayList<>();
        if (output != null) {
            walk(output, "output", null, found);
        }
        return found;
    }

    private static void walk(JsonNode node, String path, String field, List<OutputArtifact> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path + member(e.getKey()), e.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", field, found);
            }
        } else if (node.isTextual()) {
            String text = node.asText().strip();
            if (isHttpUrl(text)) {
                found.add(OutputArtifact.url(path, text, field));
            } else if (!text.isEmpty() && field != null && field.toLowerCase(Locale.ROOT).endsWith("_base64")) {
                found.add(OutputArtifact.base64(path, text, field));
            }
        }
    }

    /** {@code .name} for plain names, {@code ["odd name"]} otherwise, so every path reads back unambiguously. */
    private static String member(String key) {
        if (PLAIN_NAME.matcher(key).matches()) {
            return "." + key;
        }
        return "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /**
     * Every string that starts with {@code http://} or {@code https://} is a file, even one that is not a valid URL:
     * its capture then fails (capture_failed) rather than the task being stored without it. Anything else (relative
     * paths, data: URIs, prose) is not a file.
     */
    public static boolean isHttpUrl(String text) {
        return Urls.looksHttp(text);
    }
}
