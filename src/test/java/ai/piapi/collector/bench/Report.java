package ai.piapi.collector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Collects the suite's results and writes them into its own section of {@code docs/BENCHMARKS.md}. */
final class Report {
    private static final String START = "<!-- core-benchmarks:start (written by BenchmarkSuite) -->";
    private static final String END = "<!-- core-benchmarks:end -->";
    private final List<String> sections = new ArrayList<>();

    void section(String markdown) {
        sections.add(markdown);
        System.out.println(markdown);
    }

    boolean isEmpty() {
        return sections.isEmpty();
    }

    void write(Path file) throws IOException {
        String body = START + "\n## Core benchmarks\n\n" + machine() + "\n" + String.join("\n", sections) + END + "\n";
        String old = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        String updated;
        if (old.contains(START) && old.contains(END)) {
            updated = old.substring(0, old.indexOf(START)) + body + old.substring(old.indexOf(END) + END.length() + 1);
        } else {
            updated = old + (old.endsWith("\n") ? "" : "\n") + "\n" + body;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, updated);
    }

    private static String machine() throws IOException {
        String cpu = "unknown";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        long memGb = Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / 1e9);
        return "Run on " + BenchmarkSuite.now() + " with `mvn -B -Pbench verify`; machine: "
                + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGb + " GB, Java "
                + System.getProperty("java.version") + ". The collector is the packaged jar in its own JVM"
                + " (`java -jar`, no JVM options unless stated), the PiAPI simulator and the yardsticks run in the"
                + " benchmark's JVM on 127.0.0.1.\n";
    }
}
