package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.ArtemisBroker;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.EventSchema;
import ai.piapi.collector.support.LogCapture;
import ai.piapi.collector.support.PiapiStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSContext;
import jakarta.jms.MapMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue intake and event outputs through the real routes, against a real (embedded) ActiveMQ Artemis broker. */
@Tag("slow") // boots the whole collector: run by mvn verify, not by the quick mvn test
class QueueIntakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    PiapiStub piapi;
    ArtemisBroker broker;
    CollectorRun collector;
    final String queue = "piapi.tasks." + UUID.randomUUID();

    @BeforeEach
    void stub() {
        piapi = new PiapiStub().completeAny();
    }

    @AfterEach
    void stop() throws Exception {
        if (collector != null) {
            collector.close();
        }
        if (broker != null) {
            broker.close();
        }
        piapi.close();
    }

    private CollectorRun start(Map<String, String> more) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "collector.intake.uri", "jms:queue:" + queue + "?concurrentConsumers=1",
                "collector.completed.uri", "jms:queue:" + queue + ".completed",
                "collector.dead-letter.uri", "jms:queue:" + queue + ".dead",
                "collector.jms.broker-url", broker.url(),
                "collector.events.publish-interval", "100",
                "collector.broker.check-interval", "100",
                "camel.component.jms.recovery-interval", "300",
                "collector.intake.retry-delay", "100",
                "collector.intake.max-retry-delay", "400"));
        settings.putAll(more);
        collector = CollectorRun.start(root, piapi.baseUrl(), settings);
        return collector;
    }

    @Test
    void admitsEveryMessageShapeDeadLettersTheRestAndPublishesEvents() throws Exception {
        broker = ArtemisBroker.start();
        start(Map.of());
        String poison = "{\"task_id\": \"q-never-closed\"";
        broker.send(queue, List.of(
                "q-single",
                "# two lines\nq-line-1\r\nq-line-2\n",
                "{\"task_id\":\"q-object\",\"priority\":3}",
                "[\"q-array-1\", {\"task_id\":\"q-array-2\"}, \"../etc/passwd\"]",
                poison));
        List<String> ids = List.of("q-single", "q-line-1", "q-line-2", "q-object", "q-array-1", "q-array-2");

        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> Files.exists(collector.completed().resolve(id + ".json"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> invalidRecords().size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messageCount(queue) == 0);

        assertThat(invalidRecords()).extracting(r -> r.path("raw").asText()).containsExactlyInAnyOrder("\"../etc/passwd\"", poison);
        assertThat(invalidRecords()).allSatisfy(r -> {
            assertThat(r.path("reason").asText()).isEqualTo("invalid_task_id");
            assertThat(r.path("source").asText()).isEqualTo("jms:queue:" + queue);
        });
        TaskRecord single = collector.ledger().find("q-single").orElseThrow();
        assertThat(single.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(single.source()).isEqualTo("jms:queue:" + queue);

        List<JsonNode> completedEvents = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            broker.drain(queue + ".completed", 200).forEach(body -> completedEvents.add(EventSchema.check(body)));
            return completedEvents.size() >= ids.size();
        });
        assertThat(completedEvents).extracting(e -> e.path("subject").asText()).containsExactlyInAnyOrderElementsOf(ids);
        JsonNode event = completedEvents.get(0);
        assertThat(event.path("type").asText()).isEqualTo("ai.piapi.collector.task.completed");
        JsonNode data = event.path("data");
        assertThat(data.path("task_id").asText()).isEqualTo(event.path("subject").asText());
        assertThat(data.path("status").asText()).isEqualTo("completed");
        assertThat(data.path("model").asText()).isEqualTo("Qubico/flux1-dev");
        assertThat(data.path("task_type").asText()).isEqualTo("txt2img");
        assertThat(data.path("location").asText()).isEqualTo(collector.completed().resolve(data.path("task_id").asText() + ".json")
                .toAbsolutePath().toString());
        assertThat(data.path("files").isArray()).isTrue();

        List<JsonNode> deadEvents = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            broker.drain(queue + ".dead", 200).forEach(body -> deadEvents.add(EventSchema.data(body)));
            return deadEvents.size() >= 2;
        });
        assertThat(deadEvents).extracting(e -> e.path("raw").asText()).containsExactlyInAnyOrder("\"../etc/passwd\"", poison);
        assertThat(deadEvents).allSatisfy(e -> {
            assertThat(e.path("reason").asText()).isEqualTo("invalid_task_id");
            assertThat(Path.of(e.path("location").asText())).isAbsolute().exists();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingEvents() == 0);
    }

    @Test
    void aLedgerOutageHoldsTheMessageOnTheBrokerWithBackoffAndOneLogLine() throws Exception {
        broker = ArtemisBroker.start();
        start(Map.of());
        int mark = LogCapture.mark();
        sql("ALTER TABLE task RENAME TO task_away");
        broker.send(queue, List.of("q-kept"));

        // held, not acknowledged, tried again and again with backoff: one line for the whole outage, no stack traces
        await().atMost(Duration.ofSeconds(30)).until(() -> held(mark).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> broker.messageCount(queue) == 1 && held(mark).size() == 1);
        assertThat(held(mark).get(0)).startsWith("WARN").contains("jms:queue:" + queue).contains("paused")
                .doesNotContain("\n\tat ");
        assertThat(LogCapture.since(mark)).noneMatch(l -> l.startsWith("ERROR") && l.contains("intake-queue"));
        assertThat(collector.deadLetter()).isEmptyDirectory();
        sql("ALTER TABLE task_away RENAME TO task");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("q-kept.json")));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(queue) == 0);
        assertThat(collector.ledger().find("q-kept").orElseThrow().duplicates()).isZero();
        assertThat(LogCapture.since(mark)).filteredOn(l -> l.contains("queue intake")).hasSize(2)
                .last().asString().contains("resumed");
    }

    @Test
    void aDeadLetterFolderThatCannotBeWrittenHoldsTheMessageUntilItCan() throws Exception {
        broker = ArtemisBroker.start();
        start(Map.of());
        int mark = LogCapture.mark();
        Files.delete(collector.deadLetter()); // a file where the folder was: nothing can be written under it
        Files.writeString(collector.deadLetter(), "in the way");
        broker.send(queue, List.of("q-fine\n../not-an-id\n"));

        await().atMost(Duration.ofSeconds(30)).until(() -> held(mark).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> broker.messageCount(queue) == 1);
        Files.delete(collector.deadLetter());
        Files.createDirectory(collector.deadLetter());

        await().atMost(Duration.ofSeconds(30)).until(() -> invalidRecords().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(queue) == 0);
        assertThat(invalidRecords().get(0).path("raw").asText()).isEqualTo("../not-an-id");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("q-fine.json")));
        assertThat(held(mark)).hasSize(1);
    }

    @Test
    void aMessageNothingCanReadIsDeadLetteredWholeAfterAFewTriesAndAcknowledged() throws Exception {
        broker = ArtemisBroker.start();
        start(Map.of());
        try (JMSContext jms = new ActiveMQConnectionFactory(broker.url()).createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            MapMessage map = jms.createMapMessage();
            map.setString("task_id", "q-in-a-map");
            jms.createProducer().send(jms.createQueue(queue), map);
        }
        broker.send(queue, List.of("q-after-the-map"));

        await().atMost(Duration.ofSeconds(30)).until(() -> invalidRecords().size() == 1);
        JsonNode record = invalidRecords().get(0);
        assertThat(record.path("reason").asText()).isEqualTo("invalid_task_id");
        assertThat(record.path("line").asLong()).isZero();
        assertThat(record.path("raw").asText()).contains("q-in-a-map");
        assertThat(record.path("detail").asText()).contains("not text or bytes");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("q-after-the-map.json")));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(queue) == 0);
    }

    private static List<String> held(int mark) {
        return LogCapture.since(mark).stream().filter(l -> l.contains("queue intake") && l.contains("paused")).toList();
    }

    @Test
    void keepsWorkingWhileTheBrokerIsDownAndCatchesUpWhenItReturns() throws Exception {
        broker = ArtemisBroker.notStarted();
        int mark = LogCapture.mark();
        start(Map.of());

        // the inbox folder and polling go on without the broker; the event waits in the outbox
        collector.drop("ids.txt", "f-while-down\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("f-while-down.json")));
        // a consumer gets a start grace before it counts as down
        await().atMost(Duration.ofSeconds(60)).until(() -> brokerLink("intake").equals("DOWN") && brokerLink("completed-events").equals("DOWN"));
        assertThat(pendingEvents()).isEqualTo(1);
        assertThat(health().getState().name()).isEqualTo("DOWN");

        broker.startAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> brokerLink("intake").equals("UP"));
        broker.send(queue, List.of("q-after-start"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("q-after-start.json")));
        List<String> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            events.addAll(broker.drain(queue + ".completed", 200));
            return events.size() >= 2;
        });
        assertThat(events).extracting(e -> EventSchema.data(e).path("task_id").asText()).containsExactlyInAnyOrder("f-while-down", "q-after-start");
        await().atMost(Duration.ofSeconds(10)).until(() -> health().getState().name().equals("UP"));

        // the broker goes away while the collector runs, and comes back
        broker.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> brokerLink("intake").equals("DOWN"));
        broker.startAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> brokerLink("intake").equals("UP"));
        broker.send(queue, List.of("q-after-restart"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("q-after-restart.json")));

        List<String> lines = LogCapture.since(mark).stream().filter(l -> l.contains("broker link intake")).toList();
        assertThat(lines).as("one line per change of state, no stack trace").hasSizeBetween(3, 5)
                .allSatisfy(l -> assertThat(l).doesNotContain("\n\tat "));
    }

    @Test
    void anIntakeConsumerThatCannotStartIsRetriedInsteadOfStoppingTheCollector() throws Exception {
        broker = ArtemisBroker.notStarted();
        start(Map.of("collector.intake.uri", "jms:queue:" + queue + "?testConnectionOnStartup=true",
                "camel.routecontroller.back-off-delay", "300", "camel.routecontroller.back-off-multiplier", "1"));

        await().atMost(Duration.ofSeconds(60)).until(() -> brokerLink("intake").equals("DOWN"));
        assertThat(collector.context().getRouteController().getRouteStatus("intake-queue").isStarted()).isFalse();
        assertThat(collector.context().getRouteController().getRouteStatus("claim-due-tasks").isStarted()).isTrue();

        broker.startAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> brokerLink("intake").equals("UP"));
        broker.send(queue, List.of("q-supervised"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(collector.completed().resolve("q-supervised.json")));
    }

    private String brokerLink(String name) {
        var status = collector.context().getRegistry().lookupByNameAndType("brokerStatus", ai.piapi.collector.messaging.BrokerStatus.class);
        return status.state(name).name();
    }

    /** The collector-brokers check, as Camel's health registry (and so any health endpoint) runs it. */
    private org.apache.camel.health.HealthCheck.Result health() {
        return org.apache.camel.health.HealthCheckRegistry.get(collector.context()).getCheck("collector-brokers")
                .orElseThrow(() -> new AssertionError("brokers health check not registered")).call();
    }

    private long pendingEvents() throws Exception {
        try (Connection c = ((JdbcLedger) collector.ledger()).dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = ((JdbcLedger) collector.ledger()).dataSource().getConnection()) {
            c.createStatement().execute(statement);
        }
    }

    private List<JsonNode> invalidRecords() throws Exception {
        try (Stream<Path> files = Files.list(collector.deadLetter())) {
            return files.filter(f -> f.getFileName().toString().startsWith("invalid-")).map(f -> read(f)).toList();
        }
    }

    private static JsonNode read(Object source) {
        try {
            return source instanceof Path p ? JSON.readTree(p.toFile()) : JSON.readTree((String) source);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
