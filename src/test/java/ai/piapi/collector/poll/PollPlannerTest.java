package ai.piapi.collector.poll;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.schedule.Backoff;
import ai.piapi.collector.settings.PollingSettings;
import ai.piapi.collector.schedule.RunTimeKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PollPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final RunTimeKey WAN = new RunTimeKey("Qubico/wanx", "txt2video");
    private static final String NONE = "0001-01-01T00:00:00Z";
    private final ObjectMapper mapper = new ObjectMapper();
    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30), 0, () -> 0);
    private final RunTimeLearner learner = new RunTimeLearner(null, Clock.systemUTC()); // memory only: never shared here

    private PollPlanner planner(boolean adaptive) {
        return new PollPlanner(backoff, new PollingSettings(adaptive, Duration.ofSeconds(5), 0.07, 20, Duration.ofSeconds(5)),
                learner, 0, () -> 0);
    }

    private JsonNode task(String status, String startedAt, String endedAt) throws Exception {
        return mapper.readTree("""
                {"task_id":"t-1","model":"Qubico/wanx","task_type":"txt2video","status":"%s",
                 "meta":{"created_at":"2026-11-28T11:58:00Z","started_at":"%s","ended_at":"%s"}}
                """.formatted(status, startedAt, endedAt));
    }

    private void learn(int n, long runMs) {
        for (int i = 0; i < n; i++) {
            learner.observe(WAN, runMs);
        }
    }

    @Test
    void usesTheExponentialBackoffUntilTheModelHasEnoughSamples() throws Exception {
        learn(19, 60_000);
        JsonNode running = task("processing", NOW.minusSeconds(1).toString(), NONE);

        assertThat(planner(true).whileRunning(1, running, NOW.minusSeconds(1), NOW)).isEqualTo(Duration.ofSeconds(2));
        assertThat(planner(true).whileRunning(3, running, NOW.minusSeconds(1), NOW)).isEqualTo(Duration.ofMillis(4500));

        learn(1, 60_000);
        assertThat(planner(true).whileRunning(1, running, NOW.minusSeconds(1), NOW).toSeconds()).isEqualTo(30); // up to max-delay
        assertThat(planner(false).whileRunning(1, running, NOW.minusSeconds(1), NOW)).as("strategy exponential")
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anchorsOnPiapisStartTimeNotOnTheQueueTime() throws Exception {
        learn(50, 60_000); // every run takes a minute
        PollPlanner adaptive = planner(true);
        Instant seenLongAgo = NOW.minus(Duration.ofMinutes(10));

        Duration queued = adaptive.whileRunning(2, task("pending", NONE, NONE), seenLongAgo, NOW);
        Duration justStarted = adaptive.whileRunning(2, task("processing", NOW.minusSeconds(5).toString(), NONE), seenLongAgo, NOW);
        Duration nearTheEnd = adaptive.whileRunning(2, task("processing", NOW.minusSeconds(57).toString(), NONE), seenLongAgo, NOW);

        assertThat(queued).as("still queued: the run has not begun").isEqualTo(Duration.ofSeconds(30));
        assertThat(justStarted).as("skips toward the learned end").isEqualTo(Duration.ofSeconds(30));
        assertThat(nearTheEnd.toMillis()).as("where runs end: every target delay").isBetween(5_000L, 9_000L);
    }

    @Test
    void errorsBackOffAndHonourRetryAfterWhateverWasLearned() {
        learn(50, 60_000);

        assertThat(planner(true).afterError(1, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(planner(true).afterError(1, Duration.ofSeconds(40))).isEqualTo(Duration.ofSeconds(40));
        assertThat(planner(true).afterError(1, Duration.ofHours(1))).as("capped at ten times max-delay")
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void learnsRunTimesFromPiapisTimesOrFromItsOwnSight() throws Exception {
        PollPlanner planner = planner(true);

        planner.ended(task("completed", "2026-11-28T11:59:00Z", "2026-11-28T11:59:42.5Z"), 3, NOW.minusSeconds(300), NOW);
        assertThat(learner.learned(WAN).orElseThrow().quantile(0.5)).isBetween(40_000.0, 44_000.0);

        planner.ended(task("failed", NONE, NONE), 4, NOW.minusSeconds(100), NOW); // seen unfinished, then failed
        planner.ended(task("completed", NONE, NONE), 1, NOW.minusSeconds(100), NOW); // found done at once: no run time
        planner.ended(task("cancelled", "2026-11-28T11:59:00Z", "2026-11-28T11:59:01Z"), 3, NOW, NOW); // a user's choice
        planner.ended(mapper.readTree("{\"status\":\"completed\"}"), 3, NOW, NOW); // no model

        assertThat(learner.learned(WAN).orElseThrow().samples()).isEqualTo(2);
        assertThat(learner.learned(WAN).orElseThrow().quantile(0.99)).isBetween(95_000.0, 105_000.0);
    }
}
