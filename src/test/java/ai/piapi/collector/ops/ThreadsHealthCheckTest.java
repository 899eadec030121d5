package ai.piapi.collector.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.ops.health.ThreadsHealthCheck;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

/** Liveness: a thread that died of an uncaught error, or a ledger writer that is gone, turns it DOWN. */
class ThreadsHealthCheckTest {

    private static void dieIn(String name, RuntimeException failure) throws InterruptedException {
        dieIn(name, () -> {
            throw failure;
        });
    }

    private static void dieIn(String name, Error failure) throws InterruptedException {
        dieIn(name, () -> {
            throw failure;
        });
    }

    private static void dieIn(String name, Runnable body) throws InterruptedException {
        Thread t = new Thread(body, name);
        t.start();
        t.join();
    }

    @Test
    void downOnceAThreadDiedAfterItWasMadeNamingTheThread() throws Exception {
        dieIn("before-the-check", new IllegalStateException("old")); // another collector's, in the same JVM
        ThreadsHealthCheck check = new ThreadsHealthCheck(() -> true);
        assertThat(check.isLiveness()).isTrue();
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);

        dieIn("Camel (test) thread #7 - seda://store-verdict", new OutOfMemoryError("Java heap space"));

        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValue(
                "1 thread died: 'Camel (test) thread #7 - seda://store-verdict' (OutOfMemoryError: Java heap space)");
    }

    @Test
    void downWhileTheLedgerWriterIsNotRunning() {
        AtomicBoolean running = new AtomicBoolean(true);
        ThreadsHealthCheck check = new ThreadsHealthCheck(running::get);
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);

        running.set(false);

        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValue("the ledger's writer thread is not running");
    }
}
