package ai.piapi.collector.ops.operator;

import ai.piapi.collector.ledger.TaskSearch;
import ai.piapi.collector.messaging.BrokerStatus;
import ai.piapi.collector.wiring.Shared;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.Registry;

/** Wires the operator's face ({@code routes/operator-api.camel.yaml}): search, replay, the status page and its data. */
public class OperatorConfiguration implements CamelConfiguration {
    private final Supplier<Shared> shared;
    private final Supplier<BrokerStatus> brokers;

    /** {@code shared}: the pieces the collector's configuration made; {@code brokers}: the messaging stage's links. */
    public OperatorConfiguration(Supplier<Shared> shared, Supplier<BrokerStatus> brokers) {
        this.shared = shared;
        this.brokers = brokers;
    }

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        Shared s = shared.get();
        TaskSearch search = new TaskSearch(s.ledgerData());
        Throughput throughput = new Throughput(s.tally(), s.clock());
        registry.bind("taskQueries", new TaskQueries(search, s.clock()));
        registry.bind("replays", new Replays(search, s.ledger(), s.settings().taskDeadline(), s.tally(), s.mapper(),
                s.clock()));
        registry.bind("throughput", throughput);
        registry.bind("statusBoard", new StatusBoard(s.ledger(), search, throughput, s.learner(), brokers.get(),
                () -> readiness(context), s.clock()));
        registry.bind("operatorAssets", new OperatorAssets());
        try {
            context.addStartupListener(new JsonNotFound());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The readiness checks behind /observe/health, each with its state and message: Camel's own, and the collector's
     * (beans in the registry, which Camel's helper leaves out here), called directly.
     */
    static List<Map<String, Object>> readiness(CamelContext context) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, HealthCheck.Result> results = new java.util.TreeMap<>();
        for (HealthCheck.Result r : HealthCheckHelper.invokeReadiness(context)) {
            results.put(r.getCheck().getId(), r);
        }
        for (HealthCheck check : context.getRegistry().findByType(HealthCheck.class)) {
            if (check.isReadiness() && !results.containsKey(check.getId())) {
                results.put(check.getId(), check.callReadiness());
            }
        }
        for (HealthCheck.Result r : results.values()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("check", r.getCheck().getId());
            v.put("state", r.getState().name().toLowerCase(Locale.ROOT));
            v.put("message", r.getMessage().orElse(null));
            out.add(v);
        }
        return out;
    }
}
