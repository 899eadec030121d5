package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.PiapiStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after the route tests (failsafe follows surefire): greps every log line and report the test run wrote
 * for the API key, the webhook secret that the stub echoed back, and the HTTP face's webhook secret and token.
 */
class SecretLeakIT {

    @Test
    void noLogOrReportOfTheTestRunHoldsASecret() throws IOException {
        List<Path> written = Stream.of("target/test-logs", "target/surefire-reports", "target/failsafe-reports")
                .map(Path::of).filter(Files::isDirectory).flatMap(SecretLeakIT::files).toList();

        assertThat(written).as("the route tests wrote their logs").anyMatch(p -> p.endsWith("tests.log"));
        assertThat(String.join("\n", read(Path.of("target/test-logs/tests.log")))).contains("completed after");
        for (Path file : written) {
            String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).as(file.toString()).doesNotContain(CollectorRun.API_KEY).doesNotContain(PiapiStub.WEBHOOK_SECRET)
                    .doesNotContain(WebhookTest.SECRET).doesNotContain(HttpTaskApiTest.TOKEN);
        }
    }

    private static Stream<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) throws IOException {
        return Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
