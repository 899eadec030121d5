package ai.piapi.collector.messaging;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Health check {@code piapi/brokers}: DOWN while a configured broker link (intake or event output) is down. */
public class BrokerHealthCheck extends AbstractHealthCheck {
    private final BrokerStatus status;

    public BrokerHealthCheck(BrokerStatus status) {
        super("piapi", "brokers");
        this.status = status;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        status.links().values().forEach(link -> {
            builder.detail(link.name() + ".state", link.state().name());
            builder.detail(link.name() + ".endpoint", link.endpoint());
            if (link.detail() != null) {
                builder.detail(link.name() + ".detail", link.detail());
            }
        });
        if (status.healthy()) {
            builder.up();
        } else {
            builder.message("a broker link is down").down();
        }
    }
}
