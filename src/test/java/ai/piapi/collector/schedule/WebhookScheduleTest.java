package ai.piapi.collector.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookScheduleTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant DEADLINE = NOW.plus(Duration.ofHours(24));
    private final WebhookSchedule schedule = new WebhookSchedule(Duration.ofSeconds(2), Duration.ofSeconds(30));

    @ParameterizedTest
    @ValueSource(strings = {"processing", "Processing", "running", "in_progress"})
    void bringsAStartedTasksPollForward(String status) {
        assertThat(schedule.nextPoll(status, NOW.plusSeconds(25), NOW, DEADLINE)).isEqualTo(NOW.plusSeconds(2));
    }

    @Test
    void neverPushesAStartedTasksPollBack() {
        assertThat(schedule.nextPoll("processing", NOW.plusSeconds(1), NOW, DEADLINE)).isEqualTo(NOW.plusSeconds(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "staged", "Staged", "something_new"})
    void pushesAQueuedTasksPollBackToOneMaxDelay(String status) {
        assertThat(schedule.nextPoll(status, NOW.plusSeconds(3), NOW, DEADLINE)).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void neverBringsAQueuedTasksPollForward() {
        assertThat(schedule.nextPoll("pending", NOW.plusSeconds(50), NOW, DEADLINE)).isEqualTo(NOW.plusSeconds(50));
    }

    @Test
    void staysWithinTheDeadline() {
        Instant deadline = NOW.plusSeconds(10);
        assertThat(schedule.nextPoll("pending", NOW.plusSeconds(3), NOW, deadline)).isEqualTo(deadline);
    }

    @Test
    void knowsWhichStatusesMeanStarted() {
        assertThat(WebhookSchedule.hasStarted(" RUNNING ")).isTrue();
        assertThat(WebhookSchedule.hasStarted("pending")).isFalse();
        assertThat(WebhookSchedule.hasStarted(null)).isFalse();
    }
}
