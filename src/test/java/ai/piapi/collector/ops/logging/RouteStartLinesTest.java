package ai.piapi.collector.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class RouteStartLinesTest {
    private final LoggerContext logging = new LoggerContext();
    private final RouteStartLines filter = new RouteStartLines();

    @Test
    void dropsCamelsLinePerStartedRouteAndNothingElse() {
        var camel = logging.getLogger(RouteStartLines.CAMEL_CONTEXT);
        var other = logging.getLogger("ai.piapi.collector.Something");

        assertThat(filter.decide(null, camel, Level.INFO, "Started poll-task (seda://poll-task)", null, null)).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, camel, Level.INFO, "Apache Camel 4.18.0 (piapi-collector) started in 1s", null, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, camel, Level.WARN, "Started poll-task (seda://poll-task)", null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, other, Level.INFO, "Started poll-task (seda://poll-task)", null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, camel, Level.INFO, null, null, null)).isEqualTo(FilterReply.NEUTRAL);
    }
}
