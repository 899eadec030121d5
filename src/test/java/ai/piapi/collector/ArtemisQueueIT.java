package ai.piapi.collector;

import ai.piapi.collector.support.ArtemisBroker;
import ai.piapi.collector.support.QueueCrashScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue intake from ActiveMQ Artemis (embedded in this JVM, reached over TCP by the packaged collector). */
class ArtemisQueueIT {
    @TempDir
    Path work;

    @Test
    void everyIdIsCollectedExactlyOnceAcrossAKillMinus9() throws Exception {
        try (ArtemisBroker broker = ArtemisBroker.start()) {
            new QueueCrashScenario(broker, work).run();
        }
    }
}
