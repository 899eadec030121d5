package ai.piapi.collector.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.ledger.LedgerUnavailable;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.ManualClock;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A timer route that fails on every tick is logged when it starts failing, when that changes, and when it works again. */
class RouteFailuresTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final RouteFailures failures = new RouteFailures(clock);

    private static List<String> lines(int mark) {
        return LogCapture.since(mark).stream().filter(l -> l.contains("route claim-due-tasks")).toList();
    }

    @Test
    void aFailureOnEveryTickIsLoggedOnceAndItsEndWithTheCount() {
        int mark = LogCapture.mark();
        for (int tick = 0; tick < 600; tick++) { // a minute of 100 ms ticks
            failures.failed("claim-due-tasks", new IllegalStateException("broken"));
            clock.advance(Duration.ofMillis(100));
        }
        failures.failed("claim-due-tasks", new UnsupportedOperationException("broken differently"));
        failures.succeeded("claim-due-tasks");
        failures.succeeded("claim-due-tasks");

        assertThat(lines(mark)).hasSize(3);
        assertThat(lines(mark).get(0)).startsWith("WARN").contains("failed: java.lang.IllegalStateException: broken");
        assertThat(lines(mark).get(1)).startsWith("WARN").contains("still failing, now: java.lang.UnsupportedOperationException");
        assertThat(lines(mark).get(2)).startsWith("INFO").contains("works again (601 failed runs since");
    }

    @Test
    void anOutageOfTheLedgerIsLeftToItsOutageLine() {
        int mark = LogCapture.mark();
        failures.failed("claim-due-tasks", new LedgerUnavailable(new SQLTransientConnectionException("no connection")));
        failures.succeeded("claim-due-tasks");

        assertThat(lines(mark)).isEmpty();
    }

    @Test
    void aRouteThatFlapsIsLoggedAgainOnlyOnceItKeepsFailing() {
        int mark = LogCapture.mark();
        for (int tick = 0; tick < 100; tick++) {
            failures.failed("claim-due-tasks", new IllegalStateException("flaky"));
            clock.advance(Duration.ofMillis(100));
            failures.succeeded("claim-due-tasks");
        }
        assertThat(lines(mark)).as("the first failure and its end").hasSize(2);

        failures.failed("claim-due-tasks", new IllegalStateException("flaky"));
        clock.advance(Outage.QUIET);
        failures.failed("claim-due-tasks", new IllegalStateException("flaky"));
        assertThat(lines(mark)).hasSize(3);
    }
}
