package ai.piapi.collector.ops.logging;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start-up line for all routes, once Camel has started them (in place of a line per route, see
 * {@link RouteStartLines}): {@code routes: 19 started, 1 off (batch-exit)}; a route that should run but is not
 * running yet (the queue intake while its broker is down) is named as waiting.
 */
public class RoutesSummary extends MainListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(RoutesSummary.class);

    @Override
    public void afterStart(BaseMainSupport main) {
        LOG.info(summary(main.getCamelContext()));
    }

    static String summary(CamelContext context) {
        int started = 0;
        List<String> off = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
            if (status != null && status.isStarted()) {
                started++;
            } else if (route.isAutoStartup()) {
                waiting.add(route.getRouteId());
            } else {
                off.add(route.getRouteId());
            }
        }
        StringBuilder line = new StringBuilder("routes: ").append(started).append(" started");
        if (!off.isEmpty()) {
            line.append(", ").append(off.size()).append(" off (").append(String.join(", ", off)).append(')');
        }
        if (!waiting.isEmpty()) {
            line.append(", ").append(waiting.size()).append(" waiting to start (").append(String.join(", ", waiting))
                    .append("; retried with backoff)");
        }
        return line.toString();
    }
}
