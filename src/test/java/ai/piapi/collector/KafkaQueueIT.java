package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.EventSchema;
import ai.piapi.collector.support.KafkaBroker;
import ai.piapi.collector.support.PiapiStub;
import ai.piapi.collector.support.QueueCrashScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue intake from a real Kafka broker (KRaft, started by the test in a JVM of its own, shared by both runs). */
class KafkaQueueIT {
    @TempDir
    static Path work;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(Files.createDirectories(work.resolve("kafka")));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    /** Configured only through environment variables (CAMEL_COMPONENT_KAFKA_BROKERS, COLLECTOR_INTAKE_URI, ...). */
    @Test
    void everyIdIsCollectedExactlyOnceAcrossAKillMinus9() throws Exception {
        new QueueCrashScenario(broker, Files.createDirectories(work.resolve("collector"))).throughEnvironment().run();
    }

    @Test
    void aWrongBrokerAddressIsLoggedWithItsCauseRetriedAndNamedByReadiness() throws Exception {
        try (PiapiStub piapi = new PiapiStub().completeAny();
             java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            int refusing = closed.getLocalPort();
            closed.close(); // nothing listens there any more: connections are refused
            CollectorProcess unresolvable = wrongAddress(piapi, "unresolvable", "no-such-kafka.invalid:9092");
            CollectorProcess refused = wrongAddress(piapi, "refused", "127.0.0.1:" + refusing);
            try {
                String unresolvableLine = "broker link intake (kafka:wrong-tasks) is down: the intake consumer could not start:"
                        + " ConfigException: No resolvable bootstrap urls given in bootstrap.servers; tried ";
                await().atMost(Duration.ofSeconds(60)).until(() -> unresolvable.stdout().contains(unresolvableLine));
                String health = health(unresolvable);
                assertThat(health).contains("collector-brokers", "No resolvable bootstrap urls", "next in");
                int tries = tries(health);
                await().atMost(Duration.ofSeconds(60)).until(() -> tries(health(unresolvable)) > tries); // retried, with backoff

                await().atMost(Duration.ofSeconds(60)).until(() -> refused.stdout().contains(
                        "broker link intake (kafka:wrong-tasks) is down: Kafka consumer (group wrong) is not connected to 127.0.0.1:"
                                + refusing + "; it keeps trying"));
                assertThat(health(refused)).contains("is not connected to 127.0.0.1:" + refusing);
                for (CollectorProcess c : List.of(unresolvable, refused)) {
                    assertThat(c.stdout().lines().filter(l -> l.contains("broker link intake"))).hasSize(1);
                    assertThat(c.isAlive()).isTrue();
                }
            } finally {
                unresolvable.close();
                refused.close();
            }
        }
    }

    private static CollectorProcess wrongAddress(PiapiStub piapi, String name, String brokers) throws IOException {
        Path run = Files.createDirectories(work.resolve(name));
        Properties settings = new Properties();
        settings.setProperty("piapi.base-url", piapi.baseUrl());
        settings.setProperty("piapi.api-key", ai.piapi.collector.support.CollectorRun.API_KEY);
        settings.setProperty("camel.component.kafka.brokers", brokers);
        settings.setProperty("collector.intake.uri", "kafka:wrong-tasks?groupId=wrong");
        settings.setProperty("collector.broker.check-interval", "500");
        return CollectorProcess.startWithEnvironment(run, settings, run.resolve("collector.log"));
    }

    private static String health(CollectorProcess collector) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(collector.httpBase(60).resolve("/observe/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return answer.body();
    }

    private static int tries(String health) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("tried (\\d+) time").matcher(health);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void aBrokerOutageMidRunLosesNothing() throws Exception {
        String prefix = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        String intake = prefix + ".tasks";
        List<String> ids = IntStream.range(0, 200).mapToObj(i -> String.format("ko-%04d", i)).toList();
        Path run = Files.createDirectories(work.resolve(prefix));
        broker.publish(intake, ids.subList(0, 100));

        try (PiapiStub piapi = new PiapiStub().completeAny()) {
            Properties settings = QueueCrashScenario.collectorSettings(broker, piapi, intake, prefix + ".completed",
                    prefix + ".dead");
            CollectorProcess collector = CollectorProcess.start(run, settings, run.resolve("collector.log"));
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> QueueCrashScenario.completedIds(run).size() >= 20);
                broker.kill(); // mid-run: the intake consumer and the event producer lose the broker

                // the collector goes on without the broker: an inbox file is collected meanwhile
                Files.writeString(run.resolve("data/inbox/during-outage.txt"), "ko-during\n");
                await().atMost(Duration.ofSeconds(60)).until(() -> QueueCrashScenario.completedIds(run).contains("ko-during"));
                broker.startAgain();
                broker.publish(intake, ids.subList(100, 200));

                List<String> all = Stream.concat(ids.stream(), Stream.of("ko-during")).toList();
                await().atMost(Duration.ofSeconds(180)).until(() -> QueueCrashScenario.completedIds(run).containsAll(all));
                Set<String> events = new HashSet<>();
                await().atMost(Duration.ofSeconds(180)).until(() -> { // events that failed to send wait in the outbox
                    broker.drain(prefix + ".completed", Duration.ofMillis(500))
                            .forEach(m -> events.add(EventSchema.data(m.body()).path("task_id").asText()));
                    return events.containsAll(all);
                });
                assertThat(QueueCrashScenario.completedIds(run)).containsExactlyInAnyOrderElementsOf(all);
                assertThat(events).containsExactlyInAnyOrderElementsOf(all);
                assertThat(collector.isAlive()).isTrue();
            } finally {
                collector.close();
            }
        }
    }
}
