package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorFixture;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PiapiStub;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bounded concurrency, read timeouts and the progress line, through the real routes. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class PollingLimitsTest {
    @TempDir
    Path root;
    @RegisterExtension
    final CollectorFixture fixture = new CollectorFixture();
    PiapiStub piapi;
    CollectorRun collector;

    @BeforeEach
    void startStub() {
        piapi = fixture.piapi();
    }

    @Test
    void neverHasMoreGetsInFlightThanTheConcurrency() throws Exception {
        int delayMs = 300;
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> "conc-" + i).toList();
        ids.forEach(id -> piapi.script(id, task(id, "completed").withFixedDelay(delayMs)));
        collector = fixture.start(root, Map.of("collector.poll.concurrency", "3"));
        collector.drop("c.txt", String.join("\n", ids));

        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                .allMatch(id -> Files.exists(collector.completed().resolve(id + ".json"))));

        List<Long> arrivals = new ArrayList<>(piapi.allRequests().stream()
                .map(LoggedRequest::getLoggedDate).map(d -> d.getTime()).sorted().toList());
        int most = 0;
        for (long start : arrivals) {
            int overlapping = (int) arrivals.stream().filter(t -> t <= start && start < t + delayMs).count();
            most = Math.max(most, overlapping);
        }
        assertThat(arrivals).hasSize(12);
        assertThat(most).isBetween(2, 3); // never above the bound; 2 only when the machine is very busy
    }

    @Test
    void retriesAReplyThatOutlastsTheReadTimeout() throws Exception {
        piapi.script("t-slow-reply", task("t-slow-reply", "completed").withFixedDelay(2500), task("t-slow-reply", "completed"));
        collector = fixture.start(root, Map.of("piapi.read-timeout", "1s"));
        collector.drop("s.txt", "t-slow-reply");

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(collector.completed().resolve("t-slow-reply.json")));

        assertThat(piapi.polls("t-slow-reply")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> // the file is written before the ledger settles the task
                collector.ledger().find("t-slow-reply").orElseThrow().state() == ai.piapi.collector.ledger.TaskState.COMPLETED);
        assertThat(collector.ledger().find("t-slow-reply").orElseThrow().polls()).isEqualTo(2);
    }

    @Test
    void logsAProgressLineWhileTasksAreOpen() throws Exception {
        piapi.script("t-open", task("t-open", "processing"));
        int mark = LogCapture.mark();
        collector = fixture.start(root, Map.of("collector.progress-interval", "200"));
        collector.drop("p.txt", "t-open");

        await().atMost(Duration.ofSeconds(20)).until(() -> LogCapture.since(mark).stream()
                .anyMatch(l -> l.matches("(?s).*progress: 1 open, 0 completed, 0 dead-lettered, [0-9.]+ polls/s.*")));
    }
}
