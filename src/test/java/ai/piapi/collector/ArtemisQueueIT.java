package ai.piapi.collector;

import ai.piapi.collector.support.ArtemisBroker;
import ai.piapi.collector.support.QueueCrashScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue intake from ActiveMQ Artemis (embedded in this JVM, reached over TCP by the packaged collector). */
@Disabled("completion events after the kill -9 restart lagged past the wait on a loaded machine in the merged main; to be re-enabled with the issue 4 fix")
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
