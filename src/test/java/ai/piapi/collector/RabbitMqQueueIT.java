package ai.piapi.collector;

import ai.piapi.collector.support.QueueCrashScenario;
import ai.piapi.collector.support.RabbitMqBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue intake from the machine's RabbitMQ through RabbitMQ's JMS client (AMQP 0-9-1, no plugin needed). */
class RabbitMqQueueIT {
    @TempDir
    Path work;

    @Test
    void everyIdIsCollectedExactlyOnceAcrossAKillMinus9() throws Exception {
        try (RabbitMqBroker broker = new RabbitMqBroker()) {
            new QueueCrashScenario(broker, work).run();
        }
    }
}
