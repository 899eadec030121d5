package ai.piapi.collector.messaging;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.jms.JmsConsumer;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.component.kafka.TaskHealthState;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.util.backoff.BackOffTimer;
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
                ? notStarted(routeStatus)
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
            return states.stream().filter(s -> !s.isReady()).findFirst().map(BrokerWatch::kafkaProblem).orElse(null);
        }
        return null;
    }

    /** The route is not running: why it could not start, and when the supervising route controller tries again. */
    private String notStarted(ServiceStatus routeStatus) {
        String state = "route " + ROUTE + " is " + (routeStatus == null ? "missing" : routeStatus.name().toLowerCase());
        if (!context.getRouteController().isSupervising()) {
            return state;
        }
        SupervisingRouteController supervisor = context.getRouteController().adapt(SupervisingRouteController.class);
        Throwable failure = supervisor.getRestartException(ROUTE);
        BackOffTimer.Task retry = supervisor.getRestartingRouteState(ROUTE);
        return (failure == null ? state : "the intake consumer could not start: " + rootCause(failure))
                + (retry == null ? "; the route controller starts it again with backoff"
                        : "; tried " + retry.getCurrentAttempts() + " time(s), next in " + retry.getCurrentDelay() + " ms");
    }

    /** A Kafka consumer that has no working connection: to which brokers, the last error, and whether it goes on trying. */
    private static String kafkaProblem(TaskHealthState state) {
        return "Kafka consumer (group " + state.getGroupId() + ") is not connected to " + state.getBootstrapServers()
                + (state.getLastError() == null ? "" : ": " + rootCause(state.getLastError()))
                + (state.isTerminated() ? "; it gave up: restart the collector" : "; it keeps trying");
    }

    /** The deepest cause, which names what failed (the database's error, the resolver's), as {@code Class: message}. */
    static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
