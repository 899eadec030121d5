package ai.piapi.collector.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** Keeps secrets out of what the collector stores and says. */
public final class Redactor {
    public static final String MASK = "***";

    private Redactor() {
    }

    /** Replaces {@code config.webhook_config.secret} in a task's {@code data} object, in place; returns it. */
    public static JsonNode redactTask(JsonNode data) {
        JsonNode webhook = data == null ? null : data.path("config").path("webhook_config");
        if (webhook instanceof ObjectNode hook && hook.has("secret")) {
            hook.put("secret", MASK);
        }
        return data;
    }

    /** Masks every known secret that occurs in free text (error messages, response snippets). */
    public static String scrub(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
