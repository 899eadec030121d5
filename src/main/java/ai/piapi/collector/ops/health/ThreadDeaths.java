package ai.piapi.collector.ops.health;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's default uncaught-exception handler: remembers every thread that died of an exception or error nobody
 * caught (a Camel timer, a seda consumer, a pool worker), so {@link ThreadsHealthCheck} can turn liveness DOWN.
 * Such a thread is not replaced: its timer never fires again, its queue is never read. Logs each death once.
 */
public final class ThreadDeaths {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadDeaths.class);
    /** Kept for the health output; more deaths than this are counted, not listed. */
    private static final int KEPT = 16;

    /** One thread that died: its name and what killed it (the class and message, never a stack). */
    public record Death(long seq, String thread, String cause) {
    }

    private static final List<Death> DEATHS = new ArrayList<>();
    private static long count;
    private static volatile boolean installed;

    private ThreadDeaths() {
    }

    /** Installs the handler once per JVM (a handler already set by someone else is called after ours). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            died(thread, failure);
            if (before != null) {
                before.uncaughtException(thread, failure);
            }
        });
        installed = true;
    }

    /** How many threads have died so far: a mark to count later deaths from. */
    public static synchronized long mark() {
        return count;
    }

    /** The threads that died after {@code mark}, oldest first (at most {@value #KEPT}), and how many in all. */
    static synchronized List<Death> since(long mark) {
        return DEATHS.stream().filter(d -> d.seq() > mark).toList();
    }

    static synchronized long countSince(long mark) {
        return count - mark;
    }

    static void died(Thread thread, Throwable failure) {
        Death death;
        synchronized (ThreadDeaths.class) {
            count++;
            death = new Death(count, thread.getName(), failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
            if (DEATHS.size() == KEPT) {
                DEATHS.remove(0);
            }
            DEATHS.add(death);
        }
        try {
            LOG.error("thread '{}' died of {}; liveness is DOWN until the collector is restarted", death.thread(),
                    death.cause());
        } catch (Throwable ignored) { // out of memory, say: the death is recorded all the same
        }
    }
}
