package ai.piapi.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One line when a part of the surroundings goes down, one when it is back; never one per attempt or per flap. */
class OutageTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final Outage disk = new Outage("the result storage (folder /x)", "completed tasks wait in place", clock);

    private List<String> lines(int mark) {
        return LogCapture.since(mark).stream().filter(l -> l.contains("the result storage")).toList();
    }

    @Test
    void logsOnceWhenItGoesDownAndOnceWhenItIsBackWithTheCount() {
        int mark = LogCapture.mark();
        for (int i = 0; i < 500; i++) {
            disk.failed("task-" + (i % 7), "IOException", "cannot write: No space left on device");
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(disk.isDown()).isTrue();
        assertThat(disk.downSince()).contains(Instant.parse("2026-11-28T10:00:00Z"));
        assertThat(disk.problem()).hasValueSatisfying(p -> assertThat(p).contains("500 failed attempts")
                .contains("No space left on device"));

        disk.recovered("task-3");

        assertThat(disk.isDown()).isFalse();
        assertThat(lines(mark)).hasSize(2);
        assertThat(lines(mark).get(0)).startsWith("WARN").contains("is unavailable: cannot write: No space left on device")
                .contains("nothing is dead-lettered for it");
        assertThat(lines(mark).get(1)).startsWith("INFO").contains("is available again after 50.0s (500 failed attempts)");
    }

    @Test
    void aSmallSuccessOfAnotherTaskDoesNotEndItButAnySuccessDoesOnceNothingFailedForAWhile() {
        disk.failed("big-1", "IOException", "No space left on device");
        clock.advance(Duration.ofSeconds(5));
        disk.recovered("small-2"); // a small file still fit
        assertThat(disk.isDown()).isTrue();

        clock.advance(Outage.QUIET);
        disk.recovered("small-3"); // nothing failed for a minute: whatever failed was given up
        assertThat(disk.isDown()).isFalse();
    }

    @Test
    void aPartThatFlapsIsNotLoggedAgainUntilItStaysDown() {
        int mark = LogCapture.mark();
        for (int i = 0; i < 50; i++) { // down and up every second
            disk.failed(null, "IOException", "flaky");
            clock.advance(Duration.ofMillis(500));
            disk.recovered();
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(lines(mark)).as("one outage and its end, then quiet").hasSize(2);

        disk.failed(null, "IOException", "flaky");
        clock.advance(Outage.QUIET);
        disk.failed(null, "IOException", "flaky"); // down for a minute now: said again, with the flaps counted

        assertThat(lines(mark)).hasSize(3);
        assertThat(lines(mark).get(2)).contains("is unavailable since").contains("(and 49 shorter outages since the last line)");
    }

    @Test
    void aNewKindOfErrorWhileDownIsNotANewOutage() {
        int mark = LogCapture.mark();
        disk.failed(null, "IOException", "No space left on device");
        disk.failed(null, "AccessDeniedException", "read-only");

        assertThat(lines(mark)).hasSize(1);
        assertThat(disk.problem()).hasValueSatisfying(p -> assertThat(p).contains("read-only").contains("2 failed attempts"));
    }
}
