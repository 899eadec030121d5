package ai.piapi.collector.ops.health;

import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check of one thing the collector depends on, shown in Camel's own health output
 * ({@code /observe/health}, {@code /observe/health/ready}) under the id {@code collector-<name>}. To add one
 * (a message broker, say), extend this class and bind the instance in the Camel registry: Camel finds every
 * health check bean there. Readiness only: a restart would not mend a refused key or a full disk, so
 * liveness stays UP and the process keeps retrying by itself; only {@link ThreadsHealthCheck} (a thread that died
 * is not replaced) is a liveness check too.
 */
public abstract class CollectorHealthCheck extends AbstractHealthCheck {

    protected CollectorHealthCheck(String name) {
        super("piapi-collector", "collector-" + name);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** Why the thing is not usable now (one line, no secret), or empty when it is. */
    protected abstract Optional<String> problem();

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<String> problem;
        try {
            problem = problem();
        } catch (RuntimeException e) {
            problem = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        problem.ifPresentOrElse(why -> builder.down().message(why), builder::up);
    }
}
