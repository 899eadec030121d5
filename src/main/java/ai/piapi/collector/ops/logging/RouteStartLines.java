package ai.piapi.collector.ops.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Folds Camel's route start-up list: with the supervising route controller, Camel starts each route on its own and
 * logs one {@code Started <route> (<endpoint>)} line for each (some 20), which its start-up summary level does not
 * fold. Those lines are dropped here; {@link RoutesSummary} logs one line for all of them instead.
 */
public class RouteStartLines extends TurboFilter {
    static final String CAMEL_CONTEXT = "org.apache.camel.impl.engine.AbstractCamelContext";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        boolean routeStarted = level == Level.INFO && format != null && format.startsWith("Started ")
                && logger.getName().equals(CAMEL_CONTEXT);
        return routeStarted ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
