package ai.piapi.collector.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ledger.TaskState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The acceptance run for one broker: 1,000 task IDs published in messages of every shape (plus a poison message
 * and an invalid ID), the packaged collector killed with kill -9 while it consumes them, restarted: every ID is
 * in the ledger and the completed folder exactly once, the refused input is in the dead-letter folder, and the
 * completion and dead-letter events arrived on their destinations.
 */
public final class QueueCrashScenario {
    public static final int IDS = 1000;
    public static final String POISON = "{\"task_id\": \"never-closed\"";
    public static final String INVALID = "../../etc/passwd";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestBroker broker;
    private final Path work;
    private final String prefix = "piapi-" + UUID.randomUUID().toString().substring(0, 8);
    private final String intake = prefix + ".tasks";
    private final String completed = prefix + ".completed";
    private final String deadLetter = prefix + ".dead";

    private boolean throughEnvironment;

    public QueueCrashScenario(TestBroker broker, Path work) {
        this.broker = broker;
        this.work = work;
    }

    /** Configures both collector runs through environment variables only, as the README's blocks do. */
    public QueueCrashScenario throughEnvironment() {
        this.throughEnvironment = true;
        return this;
    }

    private CollectorProcess start(Properties settings, String log) throws IOException {
        Properties copy = new Properties();
        copy.putAll(settings);
        return throughEnvironment ? CollectorProcess.startWithEnvironment(work, copy, work.resolve(log))
                : CollectorProcess.start(work, copy, work.resolve(log));
    }

    public static List<String> ids() {
        return IntStream.range(0, IDS).mapToObj(i -> String.format("qc-%04d", i)).toList();
    }

    /** The IDs as messages: single IDs, lines of ten, JSON objects and JSON arrays of strings and objects. */
    static List<String> messages(List<String> ids) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < ids.size()) {
            switch ((i / 10) % 4) {
                case 0 -> out.add(ids.get(i++));
                case 1 -> out.add("{\"task_id\":\"" + ids.get(i++) + "\",\"origin\":\"crash-test\"}");
                case 2 -> {
                    List<String> ten = ids.subList(i, Math.min(ids.size(), i + 10));
                    out.add("# ten at once\n" + String.join("\n", ten) + "\n");
                    i += ten.size();
                }
                default -> {
                    List<String> ten = ids.subList(i, Math.min(ids.size(), i + 10));
                    out.add(ten.stream().map(id -> id.hashCode() % 2 == 0 ? "\"" + id + "\"" : "{\"task_id\":\"" + id + "\"}")
                            .collect(Collectors.joining(",", "[", "]")));
                    i += ten.size();
                }
            }
        }
        return out;
    }

    public void run() throws Exception {
        long started = System.nanoTime();
        List<String> ids = ids();
        List<String> messages = new ArrayList<>(messages(ids));
        messages.add(messages.size() / 2, POISON);
        messages.add(messages.size() / 3, INVALID);
        broker.publish(intake, messages);

        try (PiapiStub piapi = new PiapiStub().completeAny()) {
            Properties settings = collectorSettings(broker, piapi, intake, completed, deadLetter);

            CollectorProcess first = start(settings, "first.log");
            long total = messages.size();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10)).until(() -> {
                long waiting = broker.waiting(intake);
                return waiting >= 0 ? waiting <= total * 9 / 10 : completedIds().size() >= 50; // early: a fast consumer
            });
            first.killHard();
            long waitingAtKill = broker.waiting(intake);
            phase("killed with " + waitingAtKill + " of " + total + " messages waiting, " + completedIds().size() + " completed", started);
            assertThat(waitingAtKill).as("killed while consuming").isNotZero();
            assertThat(completedIds().size()).as("killed mid-run").isLessThan(IDS);

            CollectorProcess second = start(settings, "second.log");
            try {
                await().atMost(Duration.ofSeconds(240)).until(() -> completedIds().size() == IDS && invalidRecords().size() == 2);
                phase("restart collected every ID", started);
                List<JsonNode> completedEvents = new ArrayList<>();
                await().atMost(Duration.ofSeconds(180)).until(() -> { // each drain joins a consumer group: slow on a busy machine
                    broker.drain(completed, Duration.ofMillis(500)).forEach(m -> completedEvents.add(checked(m)));
                    return completedEvents.stream().map(e -> e.path("subject").asText()).collect(Collectors.toSet()).size() == IDS;
                });
                List<JsonNode> deadEvents = new ArrayList<>();
                await().atMost(Duration.ofSeconds(180)).until(() -> { // each drain joins a consumer group: slow on a busy machine
                    broker.drain(deadLetter, Duration.ofMillis(500)).forEach(m -> deadEvents.add(checked(m).path("data")));
                    return deadEvents.stream().map(e -> e.path("raw").asText()).collect(Collectors.toSet()).size() == 2;
                });
                phase("events received: " + completedEvents.size() + " completed, " + deadEvents.size() + " dead-letter", started);
                assertThat(completedEvents).extracting(e -> e.path("data").path("task_id").asText()).containsAll(ids)
                        .allMatch(ids::contains);
                Path completedDir = work.resolve("data/completed").toAbsolutePath();
                assertThat(completedEvents).allSatisfy(e -> {
                    assertThat(e.path("type").asText()).isEqualTo("ai.piapi.collector.task.completed");
                    assertThat(e.path("data").path("status").asText()).isEqualTo("completed");
                    assertThat(e.path("data").path("location").asText())
                            .isEqualTo(completedDir.resolve(e.path("subject").asText() + ".json").toString());
                });
                assertThat(deadEvents).extracting(e -> e.path("raw").asText()).containsOnly(POISON, INVALID);
                assertThat(deadEvents).allSatisfy(e -> assertThat(Path.of(e.path("location").asText())).isAbsolute()
                        .hasParent(work.resolve("data/dead-letter").toAbsolutePath()));
                // Kafka commits a consumer's offsets at its next poll (auto-commit), so the lag reaches 0 a moment later
                await().atMost(Duration.ofSeconds(60)).until(() -> broker.waiting(intake) <= 0);
            } finally {
                second.close();
                keepLogs();
            }
        }

        assertThat(completedIds()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(invalidRecords()).extracting(r -> r.path("raw").asText()).containsExactlyInAnyOrder(POISON, INVALID);
        assertThat(invalidRecords()).allSatisfy(r -> {
            assertThat(r.path("reason").asText()).isEqualTo("invalid_task_id");
            assertThat(r.path("source").asText()).doesNotContain("?").contains(intake);
        });
        assertLedgerHoldsEveryIdOnce();
        CollectorRun.assertNoSecretUnder(work, PiapiStub.WEBHOOK_SECRET);
    }

    /** The packaged collector on {@code broker}'s three destinations, polling {@code piapi} briskly. */
    public static Properties collectorSettings(TestBroker broker, PiapiStub piapi, String intake, String completed,
                                               String deadLetter) {
        Properties settings = new Properties();
        settings.setProperty("piapi.base-url", piapi.baseUrl());
        settings.setProperty("piapi.api-key", CollectorRun.API_KEY);
        settings.setProperty("collector.poll.initial-delay", "200ms");
        settings.setProperty("collector.poll.claim-interval", "50");
        settings.setProperty("collector.events.publish-interval", "200");
        settings.setProperty("collector.broker.check-interval", "500");
        settings.putAll(broker.collectorSettings(intake, completed, deadLetter));
        return settings;
    }

    /** The task IDs stored in {@code work}'s completed folder. */
    public static Set<String> completedIds(Path work) throws IOException {
        Path dir = work.resolve("data/completed");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - ".json".length())).collect(Collectors.toCollection(HashSet::new));
        }
    }

    private static void phase(String what, long started) {
        System.out.printf("queue crash run: %s after %.1f s%n", what, (System.nanoTime() - started) / 1e9);
    }

    /** The two runs' logs go where the secret-leak check and a person looking into a failure find them. */
    private void keepLogs() throws IOException {
        Path logs = Files.createDirectories(Path.of("target/test-logs"));
        for (String name : List.of("first.log", "second.log", "first.log.err", "second.log.err")) {
            if (Files.exists(work.resolve(name))) {
                Files.copy(work.resolve(name), logs.resolve(prefix + "-" + name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void assertLedgerHoldsEveryIdOnce() throws Exception {
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(work.resolve("data/state")), null, null, 2)) {
            Map<TaskState, Long> counts = new JdbcLedger(ds).countByState();
            assertThat(counts).containsEntry(TaskState.COMPLETED, (long) IDS).containsEntry(TaskState.OPEN, 0L)
                    .containsEntry(TaskState.DEAD, 0L);
            try (var c = ds.getConnection(); var statement = c.createStatement()) {
                for (String kind : List.of("admitted", "completed")) {
                    try (var rs = statement.executeQuery("SELECT task_id FROM task_event WHERE kind = '" + kind
                            + "' GROUP BY task_id HAVING COUNT(*) <> 1")) {
                        assertThat(rs.next()).as("a task %s more than once", kind).isFalse();
                    }
                }
                try (var rs = statement.executeQuery("SELECT COUNT(*) FROM outbox")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("events left unpublished").isZero();
                }
            }
        }
    }

    private Set<String> completedIds() throws IOException {
        return completedIds(work);
    }

    private List<JsonNode> invalidRecords() throws IOException {
        Path dir = work.resolve("data/dead-letter");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("invalid-") && f.toString().endsWith(".json"))
                    .map(QueueCrashScenario::read).toList();
        }
    }

    /** An event as a consumer takes it: the documented schema, and what its broker adds (Kafka key, AMQP content type). */
    private JsonNode checked(TestBroker.Received message) {
        JsonNode event = EventSchema.check(message.body());
        broker.assertEventProperties(message, event.hasNonNull("subject") ? event.path("subject").asText() : null);
        return event;
    }

    private static JsonNode read(Object source) {
        try {
            return source instanceof Path p ? JSON.readTree(p.toFile()) : JSON.readTree((String) source);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
