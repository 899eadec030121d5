package ai.piapi.collector.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The packaged collector ({@code java -jar target/piapi-collector.jar}) in its own JVM, as an operator runs it. */
public final class CollectorProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private CollectorProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Short-lived test JVMs on a small shared machine: quick JIT, one GC thread. */
    static final String[] TEST_JVM = {"-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    /** Starts the jar in {@code workDir} with {@code settings} as -D options; stdout and stderr go to {@code output}. */
    public static CollectorProcess start(Path workDir, Properties settings, Path output) throws IOException {
        return start(workDir, settings, output, TEST_JVM);
    }

    /** The same with the given JVM options (heap size, ...) in front of the settings. */
    public static CollectorProcess start(Path workDir, Properties settings, Path output, String... jvmOptions) throws IOException {
        String jar = System.getProperty("collector.jar", "target/piapi-collector.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        return start(workDir, settings, output, command, List.of("-jar", Path.of(jar).toAbsolutePath().toString()));
    }

    /**
     * The jar as another (unprivileged) user, through {@code runuser -u <user> --}: root reads any file, that user does
     * not. The jar is copied into {@code workDir} (which the caller opens to that user) first: the checkout it was built
     * in may sit in a folder only root can enter, such as a {@code mktemp -d} clone.
     */
    public static CollectorProcess startAs(String user, Path workDir, Properties settings, Path output) throws IOException {
        Path jar = workDir.resolve("piapi-collector.jar");
        java.nio.file.Files.copy(Path.of(System.getProperty("collector.jar", "target/piapi-collector.jar")), jar,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        java.nio.file.Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        List<String> command = new ArrayList<>(List.of("runuser", "-u", user, "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(TEST_JVM));
        return start(workDir, settings, output, command, List.of("-jar", jar.toAbsolutePath().toString()));
    }

    /** The project's launcher, {@code bin/piapi-collector}, as the README runs it (its JVM options, its archive). */
    public static CollectorProcess startLauncher(Path workDir, Properties settings, Path output) throws IOException {
        return start(workDir, settings, output, List.of(Path.of("bin/piapi-collector").toAbsolutePath().toString()), List.of(),
                false);
    }

    /**
     * The jar configured only through environment variables, as the README's blocks do: each setting as its
     * variable ({@code camel.component.kafka.brokers} as {@code CAMEL_COMPONENT_KAFKA_BROKERS}), no -D option.
     */
    public static CollectorProcess startWithEnvironment(Path workDir, Properties settings, Path output) throws IOException {
        String jar = System.getProperty("collector.jar", "target/piapi-collector.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(TEST_JVM));
        return start(workDir, settings, output, command, List.of("-jar", Path.of(jar).toAbsolutePath().toString()), true);
    }

    /** The environment variable of a setting: upper case, {@code .} and {@code -} as {@code _}. */
    public static String variable(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static CollectorProcess start(Path workDir, Properties settings, Path output, List<String> head,
                                          List<String> tail) throws IOException {
        return start(workDir, settings, output, head, tail, false);
    }

    private static CollectorProcess start(Path workDir, Properties settings, Path output, List<String> head,
                                          List<String> tail, boolean asEnvironment) throws IOException {
        List<String> command = new ArrayList<>(head);
        // the stub's output URLs are not local: only tests that capture (and point them at a local server) turn it on
        settings.putIfAbsent("collector.artifacts.enabled", "false");
        settings.putIfAbsent("collector.http.port", "0"); // a free port: runs never fight over 8080
        if (!asEnvironment) {
            settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        }
        command.addAll(tail);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(false)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(errorFile(output).toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PIAPI_") || k.startsWith("COLLECTOR_") || k.startsWith("CAMEL_"));
        if (asEnvironment) {
            settings.forEach((k, v) -> env.put(variable(k.toString()), v.toString()));
        }
        return new CollectorProcess(builder.start(), output);
    }

    public static Path errorFile(Path output) {
        return output.resolveSibling(output.getFileName() + ".err");
    }

    /** Waits for the process to end by itself; returns its exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("collector did not exit within " + seconds + " s");
        }
        return process.exitValue();
    }

    /** {@code kill -9}: no shutdown hook, no flush, no goodbye. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() throws IOException {
        return Files.readString(output);
    }

    /** The embedded server's base URI, from the start-up line that names the port it picked. */
    public java.net.URI httpBase(long seconds) throws IOException, InterruptedException {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("HTTP face listening on (http://[0-9.]+:[0-9]+)");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until && process.isAlive()) {
            java.util.regex.Matcher m = line.matcher(stdout());
            if (m.find()) {
                return java.net.URI.create(m.group(1));
            }
            process.waitFor(100, TimeUnit.MILLISECONDS); // waits on the process, not a sleep: returns early if it dies
        }
        throw new AssertionError("the collector named no HTTP port within " + seconds + " s:\n" + stdout() + stderr());
    }

    public String stderr() throws IOException {
        return Files.readString(errorFile(output));
    }

    /** SIGTERM, the way a service manager stops it. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
