package ai.piapi.collector;

import ai.piapi.collector.support.KafkaBroker;
import ai.piapi.collector.support.QueueCrashScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue intake from a real Kafka broker (KRaft, started by the test in a JVM of its own). */
class KafkaQueueIT {
    @TempDir
    Path work;

    @Test
    void everyIdIsCollectedExactlyOnceAcrossAKillMinus9() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectories(work.resolve("kafka")))) {
            new QueueCrashScenario(broker, Files.createDirectories(work.resolve("collector"))).run();
        }
    }
}
