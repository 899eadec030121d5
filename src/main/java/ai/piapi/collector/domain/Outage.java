package ai.piapi.collector.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One part of the collector's surroundings (the storage folder or bucket, the dead-letter folder, the ledger's
 * database) as the stages that use it find it: available, or down since a moment, with its last error and a count
 * of failed attempts. It logs one line when it goes down and one when it is back, never one per attempt. A part
 * that flaps (down, up, down within {@link #QUIET}) is not logged again until it stays down for {@link #QUIET},
 * so no pattern of failures can fill a disk with log. Stages that meet it down pause and retry; readiness and batch
 * mode read it.
 */
public final class Outage {
    /** After a logged recovery, a new outage is logged only once it lasts this long (or the last one was this long ago). */
    public static final Duration QUIET = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);

    private record Down(Instant since, String kind, String detail, long failures, boolean logged) {
    }

    private final String what;
    private final String impact;
    private final Clock clock;
    private volatile Down down;
    private Instant lastRecoveryLogged;
    private long unlogged;

    /** {@code what}: the thing, as an operator knows it; {@code impact}: what waits while it is down. */
    public Outage(String what, String impact, Clock clock) {
        this.what = what;
        this.impact = impact;
        this.clock = clock;
    }

    public String what() {
        return what;
    }

    /** An attempt failed with an error of {@code kind} (a class name, say) and {@code detail}. */
    public synchronized void failed(String kind, String detail) {
        String text = kind + (detail == null || detail.isBlank() ? "" : ": " + detail.strip());
        Instant now = clock.instant();
        Down was = down;
        if (was == null) {
            boolean log = lastRecoveryLogged == null || !now.isBefore(lastRecoveryLogged.plus(QUIET));
            down = new Down(now, kind, text, 1, log);
            if (log) {
                LOG.warn("{} is unavailable: {}; {}, retried with backoff; nothing is dead-lettered for it{}", what, text,
                        impact, flaps());
            }
            return;
        }
        boolean log = !was.logged() && !now.isBefore(was.since().plus(QUIET));
        down = new Down(was.since(), kind, text, was.failures() + 1, was.logged() || log);
        if (log) {
            LOG.warn("{} is unavailable since {} ({} failed attempts): {}; {}, retried with backoff{}", what, was.since(),
                    was.failures() + 1, text, impact, flaps());
        }
    }

    /** An attempt to use it succeeded: cheap when it was up. */
    public void recovered() {
        if (down == null) {
            return;
        }
        synchronized (this) {
            Down was = down;
            if (was == null) {
                return;
            }
            down = null;
            Instant now = clock.instant();
            if (was.logged()) {
                lastRecoveryLogged = now;
                LOG.info("{} is available again after {} ({} failed attempts)", what,
                        Durations.format(Duration.between(was.since(), now).withNanos(0)), was.failures());
            } else {
                unlogged++;
            }
        }
    }

    /** The short outages not logged since the last line, as a suffix of the next line. */
    private String flaps() {
        String text = unlogged == 0 ? "" : " (and " + unlogged + " shorter outages since the last line)";
        unlogged = 0;
        return text;
    }

    public boolean isDown() {
        return down != null;
    }

    /** Since when it has been down without a success in between; empty while it is up. */
    public Optional<Instant> downSince() {
        Down d = down;
        return d == null ? Optional.empty() : Optional.of(d.since());
    }

    /** One line for health and summaries: what is down, since when, how often it failed, and the last error. */
    public Optional<String> problem() {
        Down d = down;
        return d == null ? Optional.empty() : Optional.of(what + " is unavailable since " + d.since() + " ("
                + d.failures() + " failed attempts): " + d.detail());
    }
}
