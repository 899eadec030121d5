package ai.piapi.collector.wiring;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/** Ties a resource the configurations make (a connection pool, a client, a thread pool) to the Camel context's life. */
public final class Lifecycle {
    private Lifecycle() {
    }

    /** Closes {@code resource} when the context stops; services stop in reverse order of adding. */
    public static void closeOnStop(CamelContext context, AutoCloseable resource) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
