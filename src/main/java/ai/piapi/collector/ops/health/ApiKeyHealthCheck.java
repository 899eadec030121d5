package ai.piapi.collector.ops.health;

import ai.piapi.collector.poll.AuthGate;
import java.util.Optional;

/** DOWN while PiAPI refuses the API key (401/403): polling is paused until a probe poll is accepted again. */
public class ApiKeyHealthCheck extends CollectorHealthCheck {
    private final AuthGate authGate;

    public ApiKeyHealthCheck(AuthGate authGate) {
        super("api-key");
        this.authGate = authGate;
    }

    @Override
    protected Optional<String> problem() {
        return authGate.keyAccepted() ? Optional.empty()
                : Optional.of("PiAPI refuses the API key (HTTP 401 or 403): polling is paused; check piapi.api-key");
    }
}
