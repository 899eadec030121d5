package ai.piapi.collector.messaging;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.jms.JmsConsumer;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.component.kafka.TaskHealthState;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * Looks at the intake-queue route's consumer and tells {@link BrokerStatus} whether it is connected: a JMS
 * listener with a registered consumer, Kafka fetch tasks that are ready, or (other components) a started route.
 */
public class BrokerWatch {
    public static final String INTAKE = "intake";
    static final String ROUTE = "intake-queue";
    /** A consumer just started is given this long to connect before it counts as down. */
    static final long START_GRACE_MILLIS = 15_000;

    private final CamelContext context;
    private final BrokerStatus status;
    private final boolean intakeOn;

    public BrokerWatch(CamelContext context, BrokerStatus status, boolean intakeOn) {
        this.context = context;
        this.status = status;
        this.intakeOn = intakeOn;
    }

    public void check() throws Exception {
        if (!intakeOn || !context.getStatus().isStarted()) {
            return; // nothing to watch, or Camel is starting or stopping
        }
        ServiceStatus routeStatus = context.getRouteController().getRouteStatus(ROUTE);
        Route route = context.getRoute(ROUTE);
        String problem = route == null || routeStatus == null || !routeStatus.isStarted()
                ? "route " + ROUTE + " is " + (routeStatus == null ? "missing" : routeStatus.name().toLowerCase())
                        + "; the route controller starts it again with backoff"
                : problem(route.getConsumer());
        if (problem == null) {
            status.up(INTAKE);
        } else if (status.state(INTAKE) != BrokerStatus.State.STARTING || context.getUptime().toMillis() > START_GRACE_MILLIS) {
            status.down(INTAKE, problem);
        }
    }

    /** Why the consumer is not connected, or null when it is. */
    private static String problem(Consumer consumer) throws Exception {
        if (consumer instanceof JmsConsumer jms) {
            AbstractMessageListenerContainer container = jms.getListenerContainer();
            if (container instanceof DefaultMessageListenerContainer listener && !listener.isRegisteredWithDestination()) {
                return "JMS listener has no consumer on the broker; it reconnects every "
                        + jms.getEndpoint().getRecoveryInterval() + " ms";
            }
            return container.isRunning() ? null : "JMS listener is not running";
        }
        if (consumer instanceof KafkaConsumer kafka) {
            List<TaskHealthState> states = kafka.healthStates();
            return states.stream().filter(s -> !s.isReady()).findFirst()
                    .map(s -> "Kafka consumer not ready: " + s.buildStateMessage()).orElse(null);
        }
        return null;
    }
}
