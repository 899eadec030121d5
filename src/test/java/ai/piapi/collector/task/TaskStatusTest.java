package ai.piapi.collector.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskStatusTest {

    @ParameterizedTest
    @ValueSource(strings = {"completed", "Completed", "COMPLETED", " completed "})
    void readsCompletedInAnyCase(String status) {
        assertThat(TaskStatus.of(status)).isEqualTo(TaskStatus.COMPLETED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"failed", "Failed", "FAILED"})
    void readsFailedInAnyCase(String status) {
        assertThat(TaskStatus.of(status)).isEqualTo(TaskStatus.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancelled", "canceled", "Cancelled", "CANCELED"})
    void readsBothSpellingsOfCancelled(String status) {
        assertThat(TaskStatus.of(status)).isEqualTo(TaskStatus.CANCELLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "Pending", "staged", "Staged", "processing", "running", "in_progress",
        "queued_for_the_moon", "complete", "success"})
    void treatsEveryOtherStatusAsStillRunning(String status) {
        assertThat(TaskStatus.of(status)).isEqualTo(TaskStatus.RUNNING);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void treatsAMissingStatusAsStillRunning(String status) {
        assertThat(TaskStatus.of(status)).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void onlyRunningIsNotFinal() {
        assertThat(TaskStatus.COMPLETED.isFinal()).isTrue();
        assertThat(TaskStatus.FAILED.isFinal()).isTrue();
        assertThat(TaskStatus.CANCELLED.isFinal()).isTrue();
        assertThat(TaskStatus.RUNNING.isFinal()).isFalse();
    }
}
