package ai.piapi.collector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a process's resident memory (Linux) and heap use (jcmd). */
final class Memory {
    private Memory() {
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException gone) {
            return 0;
        }
        return 0;
    }

    static String heapUsed(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
        return m.find() ? (Long.parseLong(m.group(2)) / 1024) + " MB of " + (Long.parseLong(m.group(1)) / 1024) + " MB committed"
                : "n/a";
    }
}
