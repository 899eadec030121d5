package ai.piapi.collector.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.piapi.collector.schedule.RunTimeKey;
import ai.piapi.collector.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunTimeLearnerTest {
    private static final RunTimeKey WAN = new RunTimeKey("Qubico/wanx", "txt2video");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final RunTimeLearner learner = new RunTimeLearner(null, clock, Duration.ofMinutes(2));

    private void halfEndedAtTenSecondsHalfStillRunningAtTwenty() {
        for (int i = 0; i < 50; i++) {
            learner.observe(WAN, 10_000);
            learner.running(WAN, "t-" + i, clock.instant().minusSeconds(20));
        }
    }

    @Test
    void countsItsRunningTasksInTheEstimate() {
        halfEndedAtTenSecondsHalfStillRunningAtTwenty();

        assertThat(learner.learned(WAN).orElseThrow().cdf(15_000)).as("ended tasks alone").isEqualTo(1.0);
        assertThat(learner.estimate(WAN).orElseThrow().cdf(15_000)).as("with the 50 running").isCloseTo(0.5, within(0.01));
    }

    @Test
    void forgetsTasksThatEndedOrWentUnseen() {
        halfEndedAtTenSecondsHalfStillRunningAtTwenty();
        for (int i = 0; i < 25; i++) {
            learner.finished(WAN, "t-" + i);
        }
        clock.advance(Duration.ofSeconds(1)); // the estimate is made again at most once a second

        assertThat(learner.estimate(WAN).orElseThrow().cdf(15_000)).as("25 running of 75").isCloseTo(50 / 75.0, within(0.01));

        clock.advance(Duration.ofMinutes(3)); // longer than forgetAfter without a poll seeing them run
        assertThat(learner.estimate(WAN).orElseThrow().cdf(15_000)).isEqualTo(1.0);
    }

    @Test
    void keepsABoundedNumberOfRunningTasksPerModel() {
        learner.observe(WAN, 10_000);
        for (int i = 0; i < RunTimeLearner.RUNNING_KEPT + 1_000; i++) {
            learner.running(WAN, "t-" + i, clock.instant().minusSeconds(20));
        }
        double kept = RunTimeLearner.RUNNING_KEPT;

        assertThat(learner.estimate(WAN).orElseThrow().cdf(15_000)).isCloseTo(1 / (1 + kept), within(1e-6));
    }
}
