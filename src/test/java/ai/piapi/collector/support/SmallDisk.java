package ai.piapi.collector.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small filesystem of its own (tmpfs) mounted on a test folder, to fill it up and grow it again. Needs the right
 * to mount (root here); without it the test is skipped, unless {@code -Dcollector.test.mount=required} (as
 * {@code .ci/run} sets it): then it fails. Always unmounted on close.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (e.g. {@code 2m}) on {@code dir} (created when missing). */
    public static SmallDisk mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0777", "tmpfs", dir.toString());
        if (failure != null) {
            String why = "cannot mount a small filesystem on " + dir + " (" + failure + ")";
            if ("required".equals(System.getProperty("collector.test.mount"))) {
                throw new AssertionError(why + "; -Dcollector.test.mount=required (.ci/run) wants this test to run");
            }
            Assumptions.abort(why + ": the full-disk test is skipped");
        }
        return new SmallDisk(dir);
    }

    /** Gives the filesystem {@code size} (e.g. {@code 64m}) without touching its files. */
    public void grow(String size) throws IOException, InterruptedException {
        String failure = run("mount", "-o", "remount,size=" + size, dir.toString());
        if (failure != null) {
            throw new IOException("cannot grow " + dir + ": " + failure);
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", dir.toString()) != null) {
            run("umount", "-l", dir.toString()); // still busy (a process that is being stopped): detach it
        }
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException notThere) {
            return notThere.getMessage();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out);
    }
}
