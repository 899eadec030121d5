package ai.piapi.collector.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what the collector stores and says. An instance knows the configured secrets (the API key,
 * the webhook secret, the HTTP token); {@link #cleanAnswer} masks them, and the task's own webhook secret and the
 * query values of its webhook endpoint, in every string of a PiAPI answer, whatever the field and whatever the form
 * (JSON, HTML, plain text), before anything reads it.
 */
public final class Redactor {
    public static final String MASK = "***";
    /** Shorter values are not secrets worth masking (and would mask ordinary words). */
    private static final int MIN_LENGTH = 4;
    private static final Pattern QUERY_VALUE = Pattern.compile("([?&][^=&#]*=)([^&#]*)");

    private final List<String> configured;

    /** The configured secrets; null and blank ones are left out. */
    public Redactor(Collection<String> configured) {
        this.configured = usable(configured);
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /** Masks every configured secret in free text (error messages, log lines). */
    public String scrub(String text) {
        return scrub(text, configured);
    }

    /**
     * A PiAPI answer body with every configured secret, the task's own {@code config.webhook_config.secret} and the
     * query values of its {@code endpoint} masked in every string value; the same body when there is none of them.
     * A body that is not JSON is masked as text.
     */
    public String cleanAnswer(String body, ObjectMapper mapper) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException notJson) {
            return scrub(body);
        }
        if (tree == null || !tree.isContainerNode()) {
            return scrub(body);
        }
        Set<String> secrets = new LinkedHashSet<>(configured);
        secrets.addAll(usable(taskSecrets(tree.get("data"))));
        secrets.addAll(usable(taskSecrets(tree)));
        if (secrets.isEmpty() || !mentionsAny(body, secrets)) {
            return body;
        }
        List<String> all = new ArrayList<>(secrets);
        all.sort((a, b) -> Integer.compare(b.length(), a.length()));
        scrubStrings(tree, all);
        return tree.toString();
    }

    /** True when the body may hold one of the secrets, escaped or not (a secret JSON escapes is always checked). */
    private static boolean mentionsAny(String body, Collection<String> secrets) {
        for (String secret : secrets) {
            if (body.contains(secret) || secret.chars().anyMatch(c -> c == '"' || c == '\\' || c == '/' || c < 0x20 || c > 0x7e)) {
                return true;
            }
        }
        return false;
    }

    /** The task's own webhook secret and its endpoint's query values (a secret may travel as {@code ?secret=}). */
    private static List<String> taskSecrets(JsonNode data) {
        List<String> found = new ArrayList<>();
        if (data == null) {
            return found;
        }
        JsonNode webhook = data.path("config").path("webhook_config");
        JsonNode secret = webhook.get("secret");
        if (secret != null && secret.isTextual()) {
            found.add(secret.asText());
        }
        JsonNode endpoint = webhook.get("endpoint");
        if (endpoint != null && endpoint.isTextual()) {
            Matcher m = QUERY_VALUE.matcher(endpoint.asText());
            while (m.find()) {
                found.add(m.group(2));
            }
        }
        return found;
    }

    private static void scrubStrings(JsonNode node, List<String> secrets) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(scrub(field.getValue().asText(), secrets)));
                } else {
                    scrubStrings(field.getValue(), secrets);
                }
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(scrub(element.asText(), secrets)));
                } else {
                    scrubStrings(element, secrets);
                }
            }
        }
    }

    /**
     * Replaces {@code config.webhook_config.secret} in a task's {@code data} object, and the query values of its
     * {@code endpoint}, in place; returns it.
     */
    public static JsonNode redactTask(JsonNode data) {
        JsonNode webhook = data == null ? null : data.path("config").path("webhook_config");
        if (webhook instanceof ObjectNode hook) {
            if (hook.has("secret")) {
                hook.put("secret", MASK);
            }
            JsonNode endpoint = hook.get("endpoint");
            if (endpoint != null && endpoint.isTextual()) {
                hook.put("endpoint", QUERY_VALUE.matcher(endpoint.asText()).replaceAll("$1" + Matcher.quoteReplacement(MASK)));
            }
        }
        return data;
    }

    /** Masks every given secret that occurs in free text (error messages, response snippets). */
    public static String scrub(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= MIN_LENGTH) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    private static List<String> usable(Collection<String> secrets) {
        List<String> kept = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.strip().length() >= MIN_LENGTH && !kept.contains(s)) {
                kept.add(s);
                if (!s.strip().equals(s)) {
                    kept.add(s.strip());
                }
            }
        }
        // longest first: a secret that contains another is masked whole
        kept.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return kept;
    }
}
