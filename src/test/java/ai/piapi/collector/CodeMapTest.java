package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's "Code map" cannot go stale: it is read against the tree. */
class CodeMapTest {
    private static final Path JAVA = Path.of("src/main/java/ai/piapi/collector");
    private static final Pattern ENTRY = Pattern.compile("^  (\\./|[a-z]+(?:/[a-z]+)*/)\\s+(.*)$");
    private static final Pattern ROUTE = Pattern.compile("^  ([a-z-]+\\.camel\\.yaml)\\s");

    @Test
    void listsEveryRouteFileAndNoOther() throws IOException {
        Set<String> listed = new TreeSet<>();
        for (String line : codeMap()) {
            Matcher m = ROUTE.matcher(line);
            if (m.find()) {
                listed.add(m.group(1));
            }
        }
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            assertThat(listed).as("route files in the README's code map")
                    .isEqualTo(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void namesEveryPackageAndEachOfItsClassesAndNothingElse() throws IOException {
        Map<String, Set<String>> listed = packages();
        Map<String, Set<String>> tree = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.walk(JAVA)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Set<String> classes = classesIn(dir);
                if (!classes.isEmpty()) {
                    String rel = JAVA.relativize(dir).toString().replace('\\', '/');
                    tree.put(rel.isEmpty() ? "./" : rel + "/", classes);
                }
            }
        }
        assertThat(listed.keySet()).as("packages in the README's code map").containsExactlyInAnyOrderElementsOf(tree.keySet());
        for (Map.Entry<String, Set<String>> e : tree.entrySet()) {
            assertThat(listed.get(e.getKey())).as("classes the README's code map names for " + e.getKey())
                    .isEqualTo(e.getValue());
        }
    }

    /** Package -> the classes its entry names (before the "--" that starts its description). */
    private static Map<String, Set<String>> packages() throws IOException {
        Map<String, StringBuilder> text = new LinkedHashMap<>();
        String current = null;
        boolean inJava = false;
        for (String line : codeMap()) {
            if (line.startsWith("src/main/java/ai/piapi/collector/")) {
                inJava = true;
                continue;
            }
            if (!inJava) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                current = m.group(1);
                text.put(current, new StringBuilder(m.group(2)));
            } else if (current != null && line.startsWith("     ")) {
                text.get(current).append(' ').append(line.strip());
            }
        }
        Map<String, Set<String>> classes = new LinkedHashMap<>();
        text.forEach((pkg, names) -> {
            String list = names.toString().split("--", 2)[0];
            classes.put(pkg, Arrays.stream(list.split(",")).map(String::strip).filter(n -> !n.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new)));
        });
        return classes;
    }

    private static Set<String> classesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The lines of the fenced block under the README's "## Code map" heading. */
    private static List<String> codeMap() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int heading = lines.indexOf("## Code map");
        assertThat(heading).as("a \"## Code map\" heading in README.md").isNotNegative();
        List<String> block = new ArrayList<>();
        boolean open = false;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("```")) {
                if (open) {
                    return block;
                }
                open = true;
            } else if (open) {
                block.add(line);
            } else if (line.startsWith("## ")) {
                break;
            }
        }
        throw new AssertionError("no fenced block under \"## Code map\"");
    }
}
