package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.support.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/piapi-collector.service} as systemd reads it ({@code systemd-analyze verify}, and its offline security
 * score), and its environment file as the collector reads it: every variable names a real setting.
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("deploy/piapi-collector.service");
    private static final Path ENV = Path.of("deploy/piapi-collector.env");
    private static final String INSTALLED_HOME = "/opt/piapi-collector";
    /** systemd's exposure score (0 to 10, shown x10 for --threshold): 1.7 "OK" today; above 2.0 a hardening line was lost. */
    private static final int MAX_EXPOSURE = 20;

    @TempDir
    Path dir;

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Path unit = asInstalledHere();

        Tool.Result verify = Tool.SYSTEMD_ANALYZE.required().run(dir, null, "verify", unit.toString());

        assertThat(verify.output()).isEmpty();
        assertThat(verify.exitCode()).isZero();
    }

    @Test
    void theUnitIsHardened() throws Exception {
        Path unit = asInstalledHere();

        Tool.Result security = Tool.SYSTEMD_ANALYZE.required().run(dir, null, "security", "--offline=yes",
                "--threshold=" + MAX_EXPOSURE, unit.toString());

        assertThat(security.exitCode()).as(security.output()).isZero();
        assertThat(security.output()).containsPattern("Overall exposure level for piapi-collector.service: [0-1]\\.[0-9] OK");
    }

    @Test
    void runsTheLauncherAsItsOwnUserWithTheEnvironmentFile() throws Exception {
        Map<String, String> service = section(Files.readString(UNIT), "Service");

        assertThat(service).containsEntry("ExecStart", INSTALLED_HOME + "/bin/piapi-collector")
                .containsEntry("EnvironmentFile", "/etc/piapi-collector/piapi-collector.env")
                .containsEntry("User", "piapi-collector").containsEntry("WorkingDirectory", "/var/lib/piapi-collector")
                .containsEntry("StateDirectory", "piapi-collector").containsEntry("Restart", "on-failure")
                .containsEntry("RestartPreventExitStatus", String.valueOf(Application.CONFIGURATION_ERROR))
                .containsEntry("SuccessExitStatus", "143"); // the JVM's exit status after SIGTERM
        assertThat(Path.of("bin/piapi-collector")).isExecutable();
    }

    @Test
    void theEnvironmentFileNamesOnlyRealSettings() throws Exception {
        Set<String> settings = Files.readAllLines(Path.of("config/application.properties")).stream()
                .map(Pattern.compile("^#?\\s*([a-z][a-z0-9.-]*)\\s*=")::matcher).filter(Matcher::find)
                .map(m -> m.group(1).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))
                .collect(Collectors.toSet());
        List<String> names = Files.readAllLines(ENV).stream().map(Pattern.compile("^#?([A-Z][A-Z0-9_]*)=")::matcher)
                .filter(Matcher::find).map(m -> m.group(1)).filter(name -> !name.equals("JAVA_OPTS")).toList();

        assertThat(names).contains("PIAPI_API_KEY", "COLLECTOR_LOG_FORMAT", "COLLECTOR_LEDGER_URL").allSatisfy(name ->
                assertThat(settings).as("a setting for %s in config/application.properties", name).contains(name));
    }

    /** The unit with its installed paths pointing into this checkout (verify wants ExecStart to exist). */
    private Path asInstalledHere() throws Exception {
        Path copy = dir.resolve("piapi-collector.service");
        Files.writeString(copy, Files.readString(UNIT).replace(INSTALLED_HOME, Path.of("").toAbsolutePath().toString()));
        return copy;
    }

    private static Map<String, String> section(String unit, String name) {
        Map<String, String> entries = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : unit.lines().toList()) {
            if (line.startsWith("[")) {
                inside = line.equals("[" + name + "]");
            } else if (inside && !line.startsWith("#") && line.contains("=")) {
                entries.put(line.substring(0, line.indexOf('=')).strip(), line.substring(line.indexOf('=') + 1).strip());
            }
        }
        return entries;
    }
}
