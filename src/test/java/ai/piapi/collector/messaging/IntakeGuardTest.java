package ai.piapi.collector.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.ledger.LedgerException;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.ManualClock;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntakeGuardTest {
    private final IntakeGuard guard = new IntakeGuard("jms:queue:tasks", text -> text.replace("s3cret", "***"),
            new ManualClock(Instant.parse("2026-11-28T15:00:00Z")));

    @Test
    void readsBytesAsUtf8AndTextAsIs() {
        assertThat(guard.text("id-1\nid-2")).isEqualTo("id-1\nid-2");
        assertThat(guard.text("tâche-1".getBytes(StandardCharsets.UTF_8))).isEqualTo("tâche-1");
    }

    @Test
    void refusesABodyThatIsNeitherTextNorBytesOrIsMissing() {
        assertThatThrownBy(() -> guard.text(Map.of("task_id", "x"))).isInstanceOf(IntakeGuard.UnreadableMessage.class)
                .hasMessageContaining("not text or bytes");
        assertThatThrownBy(() -> guard.text(null)).isInstanceOf(IntakeGuard.UnreadableMessage.class)
                .hasMessageContaining("no body");
    }

    @Test
    void deadLettersAnUnreadableMessageWholeWithWhatCanBeReadOfItAndNoSecret() {
        DeadLetter record = guard.unreadable(Map.of("task_id", "x"),
                new IllegalStateException("client said s3cret")).get(0);

        assertThat(record.reason()).isEqualTo("invalid_task_id");
        assertThat(record.source()).isEqualTo("jms:queue:tasks");
        assertThat(record.line()).isZero();
        assertThat(record.raw()).isEqualTo("{task_id=x}");
        assertThat(record.detail()).isEqualTo("message could not be taken: IllegalStateException: client said ***");
        assertThat(guard.unreadable(null, new IllegalStateException("x")).get(0).raw()).isEmpty();
    }

    @Test
    void saysOnceThatTheIntakeIsPausedAndOnceThatItResumed() {
        int mark = LogCapture.mark();
        LedgerException down = new LedgerException(new SQLException("connection refused to s3cret-db"));

        guard.held(down);
        guard.held(down);
        guard.held(down);
        assertThat(guard.isPaused()).isTrue();
        guard.taken();
        guard.taken();

        assertThat(LogCapture.since(mark)).filteredOn(l -> l.contains("IntakeGuard")).satisfiesExactly(
                paused -> assertThat(paused).startsWith("WARN").contains("jms:queue:tasks paused: SQLException: connection refused to ***-db"),
                resumed -> assertThat(resumed).startsWith("INFO").contains("jms:queue:tasks resumed"));
        assertThat(guard.isPaused()).isFalse();
    }
}
