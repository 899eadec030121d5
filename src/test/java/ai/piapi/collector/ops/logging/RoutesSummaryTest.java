package ai.piapi.collector.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class RoutesSummaryTest {
    @Test
    void countsTheStartedRoutesAndNamesTheOthers() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:a").routeId("route-a").log("a");
                    from("direct:b").routeId("route-b").log("b");
                    from("direct:off").routeId("route-off").autoStartup(false).log("off");
                    from("direct:later").routeId("route-later").log("later");
                }
            });
            context.start();
            context.getRouteController().stopRoute("route-later");

            assertThat(RoutesSummary.summary(context))
                    .isEqualTo("routes: 2 started, 1 off (route-off), 1 waiting to start (route-later; retried with backoff)");
        }
    }
}
