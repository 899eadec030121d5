package ai.piapi.collector.http;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs where the HTTP face listens once Camel has started (the port Camel picked when it was set to 0). */
public class ServerAnnouncer extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ServerAnnouncer.class);

    public ServerAnnouncer() {
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreCamelContextInitEvents(true);
    }

    /** The port the embedded server listens on, or -1 when it is off. */
    public static int port(CamelContext context) {
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        return server == null || server.getServer() == null ? -1 : server.getPort();
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelContext context = ((CamelEvent.CamelContextStartedEvent) event).getContext();
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        if (server != null) {
            LOG.info("HTTP face listening on http://{}:{} (/tasks, /webhooks/piapi, /observe/health, /observe/metrics)",
                    server.getHost(), port(context));
        }
    }
}
