package ai.piapi.collector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Collects the suite's results and writes each into its own marked section of {@code docs/BENCHMARKS.md}, so a
 * run of one benchmark ({@code -Dbench=startup}) replaces only its own section.
 */
final class Report {
    private final Map<String, String> sections = new LinkedHashMap<>();

    /** {@code id}: the benchmark's name in {@code -Dbench=...}; {@code markdown} starts with its ### heading. */
    void section(String id, String markdown) {
        sections.put(id, markdown);
        System.out.println(markdown);
    }

    boolean isEmpty() {
        return sections.isEmpty();
    }

    void write(Path file) throws IOException {
        String doc = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        for (Map.Entry<String, String> s : sections.entrySet()) {
            String start = "<!-- bench:" + s.getKey() + ":start (written by BenchmarkSuite) -->";
            String end = "<!-- bench:" + s.getKey() + ":end -->";
            String[] lines = s.getValue().split("\n", 2);
            String body = start + "\n" + lines[0] + "\n\n" + machine(s.getKey()) + "\n" + lines[1].stripLeading()
                    + (lines[1].endsWith("\n") ? "" : "\n") + end;
            if (doc.contains(start) && doc.contains(end)) {
                doc = doc.substring(0, doc.indexOf(start)) + body + doc.substring(doc.indexOf(end) + end.length());
            } else {
                doc = doc + (doc.endsWith("\n") ? "" : "\n") + "\n" + body + "\n";
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, doc);
    }

    private static String machine(String id) throws IOException {
        String cpu = "unknown";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        long memGb = Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / 1e9);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return "Run on " + BenchmarkSuite.now() + " with `mvn -B -Pbench verify -Dbench=" + id + "`; machine: "
                + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGb + " GB, Java "
                + System.getProperty("java.version") + String.format(java.util.Locale.ROOT, ", load average %.2f at the end", load)
                + ". The collector is the packaged jar in its own JVM (`java -jar`, no JVM options unless stated); the"
                + " PiAPI simulator and the yardsticks run in the benchmark's JVM on 127.0.0.1.\n";
    }
}
