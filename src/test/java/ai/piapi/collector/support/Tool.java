package ai.piapi.collector.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool the tests hand files to ({@code promtool}, {@code systemd-analyze}): run in {@code dir} with
 * optional standard input, exit code and output (stdout and stderr together) returned. A test that needs a tool
 * this machine lacks is skipped with the package that brings it ({@code .ci/run} installs them).
 */
public record Tool(String name, String debianPackage) {
    public record Result(int exitCode, String output) {
    }

    public static final Tool PROMTOOL = new Tool("promtool", "prometheus");
    public static final Tool SYSTEMD_ANALYZE = new Tool("systemd-analyze", "systemd");

    public boolean installed() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Path.of(dir, name).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** Skips the calling test when the tool is missing. */
    public Tool required() {
        Assumptions.assumeTrue(installed(), name + " is not installed (Debian: apt-get install " + debianPackage + "); skipped");
        return this;
    }

    public Result run(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(name));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), output);
    }
}
