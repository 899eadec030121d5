package ai.piapi.collector.ops.operator;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * A path nobody serves, or a method a path does not take, gets a 404 with the same JSON error as the routes instead
 * of Vert.x's HTML page: the last route of the embedded server's router, added once every route has started.
 */
public class JsonNotFound implements StartupListener {

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the router is complete only once every route has started: see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().last().handler(JsonNotFound::answer);
        }
    }

    private static void answer(RoutingContext ctx) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"no " + ctx.request().method().name()
                            + " on this path; GET /openapi.json lists what each path takes\"}");
        }
    }
}
