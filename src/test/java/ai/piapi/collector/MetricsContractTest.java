package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.messaging.BrokerStatus;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.PiapiStub;
import ai.piapi.collector.support.PromQl;
import ai.piapi.collector.support.Tool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The metrics as the tools of the ecosystem read them, on a real scrape of a collector that did a bit of everything
 * (completed, dead-lettered and open tasks, learned run times, one broker link up and one down, an event waiting):
 * {@code promtool check metrics} on the collector's own families, and the Grafana dashboard and alert rules in
 * {@code deploy/} read only names that scrape has.
 */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class MetricsContractTest {
    /** The collector's own families, and the JVM and process ones it turns on: promtool must find nothing to say. */
    private static final Pattern OWN_FAMILIES = Pattern.compile("(piapi_collector_|jvm_|process_).*");
    /** Recorded by Prometheus itself for every target, never exported. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
    private static final Path DASHBOARD = Path.of("deploy/grafana/piapi-collector.json");
    private static final Path RULES = Path.of("deploy/prometheus/piapi-collector-rules.yml");

    @TempDir
    static Path root;
    private static PiapiStub piapi;
    private static CollectorRun collector;
    private static String scrape;

    @BeforeAll
    static void scrapeACollectorThatDidABitOfEverything() throws Exception {
        piapi = new PiapiStub();
        piapi.script("mc-ok", task("mc-ok", "processing"), task("mc-ok", "completed"))
                .script("mc-bad", failedTask("mc-bad", "nsfw"))
                .script("mc-open", task("mc-open", "processing"));
        collector = CollectorRun.start(root, piapi.baseUrl(), Map.of(
                "collector.completed.uri", "seda:metrics-contract-completed",
                "collector.dead-letter.uri", "direct:metrics-contract-nowhere?block=false", // no consumer: every publish fails at once
                "collector.metrics.state-cache", "100ms",
                "collector.poll.learn-share-interval", "200ms", // the samples gauge of a new model comes with a share
                "collector.events.publish-interval", "100"));
        HttpFace http = new HttpFace(collector);
        http.post("/tasks", "mc-ok\nmc-bad\nmc-open\n");
        BrokerStatus brokers = collector.context().getRegistry().lookupByNameAndType("brokerStatus", BrokerStatus.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.ledger().find("mc-ok").orElseThrow().state() == TaskState.COMPLETED
                && collector.ledger().find("mc-bad").orElseThrow().state() == TaskState.DEAD
                && brokers.state("completed-events") == BrokerStatus.State.UP
                && brokers.state("dead-letter-events") == BrokerStatus.State.DOWN);
        System.gc(); // Micrometer registers jvm_gc_pause_seconds at the first collection it hears of
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            scrape = http.get("/observe/metrics").body();
            Map<String, Double> m = MetricsTest.parse(scrape);
            return m.getOrDefault("piapi_collector_outbox_events", 0.0) == 1.0
                    && m.getOrDefault("piapi_collector_oldest_open_task_age_seconds", 0.0) > 0
                    && m.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_pause_seconds_count"))
                    && m.keySet().stream().anyMatch(k -> k.startsWith("piapi_collector_run_time_samples"));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
        piapi.close();
    }

    @Test
    void promtoolAcceptsTheCollectorsOwnFamilies() throws Exception {
        String own = scrape.lines().filter(line -> OWN_FAMILIES.matcher(name(line)).matches())
                .collect(Collectors.joining("\n", "", "\n"));

        Tool.Result check = Tool.PROMTOOL.required().run(root, own, "check", "metrics");

        assertThat(check.output()).as("promtool check metrics on:%n%s", own).isEmpty();
        assertThat(check.exitCode()).isZero();
        assertThat(own).contains("# TYPE piapi_collector_run_time_seconds summary",
                "piapi_collector_run_time_seconds{model=\"Qubico/flux1-dev\",task_type=\"txt2img\",quantile=\"0.5\"}",
                "piapi_collector_run_time_seconds_count{model=\"Qubico/flux1-dev\",task_type=\"txt2img\"}",
                "# TYPE piapi_collector_piapi_requests_seconds histogram", "# TYPE piapi_collector_broker_link_up gauge",
                "# TYPE jvm_memory_used_bytes gauge", "# TYPE jvm_gc_pause_seconds summary",
                "# TYPE process_cpu_seconds_total counter", "# TYPE process_files_open_files gauge");
    }

    @Test
    void showsTheBacklogTheBrokerLinksAndTheJvm() {
        Map<String, Double> m = MetricsTest.parse(scrape);

        assertThat(m.get("piapi_collector_broker_link_up{link=\"completed-events\"}")).isEqualTo(1.0);
        assertThat(m.get("piapi_collector_broker_link_up{link=\"dead-letter-events\"}")).isZero();
        assertThat(m).doesNotContainKey("piapi_collector_broker_link_up{link=\"intake\"}"); // no queue intake configured
        assertThat(m.get("piapi_collector_outbox_events")).isEqualTo(1.0); // mc-bad's dead letter, not publishable
        assertThat(m.get("piapi_collector_oldest_open_task_age_seconds")).isPositive().isLessThan(60.0); // mc-open
        assertThat(m.get("piapi_collector_run_time_seconds_count{model=\"Qubico/flux1-dev\",task_type=\"txt2img\"}")).isEqualTo(1.0);
        assertThat(m.get("piapi_collector_run_time_samples{model=\"Qubico/flux1-dev\",task_type=\"txt2img\"}")).isEqualTo(1.0);
        assertThat(m.get("process_cpu_seconds_total")).isPositive();
        assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\""));
        assertThat(m.get("jvm_threads_live_threads")).isPositive();
        assertThat(m.get("process_files_open_files")).isPositive();
    }

    @Test
    void theDashboardReadsOnlyExportedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            if (variable.path("type").asText().equals("query")) {
                queries.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }

        Set<String> read = names(queries);

        assertThat(queries).hasSizeGreaterThan(20);
        assertThat(read).isSubsetOf(exported()).contains("piapi_collector_oldest_open_task_age_seconds",
                "piapi_collector_outbox_events", "piapi_collector_broker_link_up", "piapi_collector_run_time_seconds",
                "process_cpu_seconds_total", "jvm_memory_used_bytes");
    }

    @Test
    void theAlertRulesReadOnlyExportedMetricsAndPassPromtool() throws Exception {
        Map<String, Object> file = yaml(RULES);
        List<String> exprs = new ArrayList<>();
        for (Object group : (List<?>) file.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                exprs.add(String.valueOf(((Map<?, ?>) rule).get("expr")));
            }
        }

        Set<String> read = names(exprs);
        Set<String> unknown = new TreeSet<>(read);
        unknown.removeAll(exported());

        assertThat(exprs).hasSizeGreaterThanOrEqualTo(10);
        assertThat(unknown).isEqualTo(MADE_BY_PROMETHEUS);
        Tool.Result check = Tool.PROMTOOL.required().run(RULES.getParent(), null, "check", "rules", RULES.getFileName().toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + exprs.size() + " rules found");
        Tool.Result examples = Tool.PROMTOOL.run(RULES.getParent(), null, "test", "rules", "piapi-collector-rules.test.yml");
        assertThat(examples.exitCode()).as(examples.output()).isZero();
    }

    /** Every sample name of the scrape ({@code _bucket}, {@code _count}, … included). */
    private static Set<String> exported() {
        return scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).map(MetricsContractTest::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> names(List<String> queries) {
        Set<String> names = new TreeSet<>();
        queries.forEach(q -> names.addAll(PromQl.metricNames(q)));
        return names;
    }

    /** The metric a line of the text format is about: {@code # HELP name …}, {@code # TYPE name …} or a sample. */
    private static String name(String line) {
        if (line.startsWith("#")) {
            String[] parts = line.split(" ", 4);
            return parts.length > 2 ? parts[2] : "";
        }
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        return line.substring(0, end);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws Exception {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }
}
