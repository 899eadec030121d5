package ai.piapi.collector.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: every identifier that is not a function, an aggregation, a keyword,
 * a label name (in {@code {…}}, {@code by (…)}, {@code on (…)}, …), a number or a Grafana variable. Enough of
 * PromQL's grammar for the dashboards and alert rules in {@code deploy/}, strict where a slip would hide a name.
 */
public final class PromQl {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");
    /** Aggregations may take their {@code by (…)} before the parenthesis: {@code sum by (le) (rate(x[5m]))}. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern GRAFANA_LABEL_VALUES =
            Pattern.compile("^\\s*label_values\\(\\s*(?:([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?\\s*,)?\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$");

    private PromQl() {
    }

    /** Names read by {@code expr}: PromQL, or a Grafana variable query {@code label_values(metric, label)}. */
    public static Set<String> metricNames(String expr) {
        Matcher labelValues = GRAFANA_LABEL_VALUES.matcher(expr);
        if (labelValues.matches()) {
            return labelValues.group(1) == null ? Set.of() : Set.of(labelValues.group(1));
        }
        Set<String> names = new TreeSet<>();
        String text = stripVariables(expr);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i);
            } else if (c == '{') {
                i = skipTo(text, i, '}');
            } else if (c == '[') {
                i = skipTo(text, i, ']');
            } else if (c == '#') {
                i = skipTo(text, i, '\n');
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                i = skipNumber(text, i);
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                        || text.charAt(end) == ':')) {
                    end++;
                }
                String word = text.substring(i, end);
                int next = skipSpace(text, end);
                boolean call = next < text.length() && text.charAt(next) == '(';
                if (LABEL_LISTS.contains(word)) {
                    i = call ? skipTo(text, next, ')') : next;
                } else if (!call && !AGGREGATIONS.contains(word) && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                    names.add(word);
                    i = end;
                } else {
                    i = end;
                }
            } else {
                i++;
            }
        }
        return names;
    }

    /** Grafana's {@code $__rate_interval}, {@code ${instance}}, {@code [[x]]}: not PromQL, not names. */
    private static String stripVariables(String expr) {
        return expr.replaceAll("\\$\\{[^}]*}", "1").replaceAll("\\$[a-zA-Z_][a-zA-Z0-9_]*", "1").replaceAll("\\[\\[[^]]*]]", "1");
    }

    private static int skipString(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated string in: " + text);
        }
        return i + 1;
    }

    /** Past the {@code close} that ends the bracket opened at {@code start} (strings inside skipped). */
    private static int skipTo(String text, int start, char close) {
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != close) {
            char c = text.charAt(i);
            i = c == '"' || c == '\'' || c == '`' ? skipString(text, i) : i + 1;
        }
        if (i >= text.length() && close != '\n') {
            throw new IllegalArgumentException("no '" + close + "' after position " + start + " in: " + text);
        }
        return i + 1;
    }

    /** Numbers, with exponents and durations ({@code 1e3}, {@code 0x1f}, {@code 5m}, {@code 1h30m}) as one token. */
    private static int skipNumber(String text, int start) {
        int i = start;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        return i;
    }

    private static int skipSpace(String text, int start) {
        int i = start;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
