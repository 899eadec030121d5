package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.support.CollectorProcess;
import ai.piapi.collector.support.KafkaBroker;
import ai.piapi.collector.support.PiapiStub;
import ai.piapi.collector.support.QueueCrashScenario;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    void everyIdIsCollectedExactlyOnceAcrossAKillMinus9() throws Exception {
        new QueueCrashScenario(broker, Files.createDirectories(work.resolve("collector"))).run();
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
                            .forEach(body -> events.add(read(body)));
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

    private static String read(String body) {
        try {
            return JSON.readTree(body).path("task_id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
