package ai.piapi.collector.ops.operator;

import ai.piapi.collector.domain.CollectorSettings;
import ai.piapi.collector.domain.Tally;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.TaskSearch;
import ai.piapi.collector.messaging.BrokerStatus;
import ai.piapi.collector.poll.RunTimeLearner;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.Registry;

/** Wires the operator's face ({@code routes/operator-api.camel.yaml}): search, replay, the status page and its data. */
public class OperatorConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        CollectorSettings settings = registry.lookupByNameAndType("settings", CollectorSettings.class);
        JdbcLedger ledger = registry.lookupByNameAndType("ledger", JdbcLedger.class);
        Tally tally = registry.lookupByNameAndType("tally", Tally.class);
        Clock clock = Clock.systemUTC();
        TaskSearch search = new TaskSearch(ledger.dataSource());
        Throughput throughput = new Throughput(tally, clock);
        registry.bind("taskQueries", new TaskQueries(search, clock));
        registry.bind("replays", new Replays(search, ledger, settings.taskDeadline(), tally, new ObjectMapper(), clock));
        registry.bind("throughput", throughput);
        registry.bind("statusBoard", new StatusBoard(ledger, search, throughput,
                registry.lookupByNameAndType("runTimeLearner", RunTimeLearner.class),
                registry.lookupByNameAndType("brokerStatus", BrokerStatus.class), () -> readiness(context), clock));
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
