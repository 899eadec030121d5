package ai.piapi.collector.domain;

import ai.piapi.collector.format.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One part of the collector's surroundings (the storage folder or bucket, the dead-letter folder, the ledger's
 * database) as the stages that use it find it: available, or down since a moment, with its last error and a count
 * of failed attempts. It logs one line when it goes down and one when it is back, never one per attempt. A part
 * that flaps (down, up, down within {@link #QUIET}) is not logged again until it stays down for {@link #QUIET},
 * so no pattern of failures can fill a disk with log. Stages that meet it down pause and retry; readiness and batch
 * mode read it.
 *
 * <p>A failure may name its subject (the task whose file could not be written): then only a success for one of the
 * failed subjects ends the outage, or any success once no attempt has failed for {@link #QUIET}. On a nearly full
 * disk a small file still fits while the 800 KB ones do not: that small success does not mean the disk is back.
 */
public final class Outage {
    /** After a logged recovery, a new outage is logged only once it lasts this long (or the last one was this long ago). */
    public static final Duration QUIET = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);

    private record Down(Instant since, String kind, String detail, long failures, boolean logged, Instant last,
                        Set<String> subjects) {
    }

    /** Failed subjects remembered per outage, at most (a success of any of them ends it). */
    private static final int SUBJECTS = 1000;

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

    /** An attempt failed with an error of {@code kind} (a class name: a new kind is a new state), told as {@code detail}. */
    public void failed(String kind, String detail) {
        failed(null, kind, detail);
    }

    /** An attempt for {@code subject} (a task ID; null for none) failed. */
    public synchronized void failed(String subject, String kind, String detail) {
        String text = detail == null || detail.isBlank() ? kind : detail.strip();
        Instant now = clock.instant();
        Down was = down;
        if (was == null) {
            boolean log = lastRecoveryLogged == null || !now.isBefore(lastRecoveryLogged.plus(QUIET));
            down = new Down(now, kind, text, 1, log, now, subjects(Set.of(), subject));
            if (log) {
                LOG.warn("{} is unavailable: {}; {}, retried with backoff; nothing is dead-lettered for it{}", what, text,
                        impact, flaps());
            }
            return;
        }
        boolean log = !was.logged() && !now.isBefore(was.since().plus(QUIET));
        down = new Down(was.since(), kind, text, was.failures() + 1, was.logged() || log, now,
                subjects(was.subjects(), subject));
        if (log) {
            LOG.warn("{} is unavailable since {} ({} failed attempts): {}; {}, retried with backoff{}", what, was.since(),
                    was.failures() + 1, text, impact, flaps());
        }
    }

    /** An attempt to use it succeeded: it is back. Cheap when it was up. */
    public void recovered() {
        if (down != null) {
            end(null, true);
        }
    }

    /**
     * An attempt for {@code subject} succeeded: the end of the outage when that subject had failed, or when nothing
     * has failed for {@link #QUIET} (what failed was given up, say); else a smaller success that proves nothing.
     */
    public void recovered(String subject) {
        if (down != null) {
            end(subject, false);
        }
    }

    private synchronized void end(String subject, boolean surely) {
        Down was = down;
        if (was == null) {
            return;
        }
        Instant now = clock.instant();
        boolean failedBefore = subject != null && was.subjects().contains(subject);
        if (!surely && !failedBefore && now.isBefore(was.last().plus(QUIET))) {
            return;
        }
        down = null;
        if (was.logged()) {
            lastRecoveryLogged = now;
            LOG.info("{} is available again after {} ({} failed attempts)", what,
                    Durations.format(Duration.between(was.since(), now).withNanos(0)), was.failures());
        } else {
            unlogged++;
        }
    }

    private static Set<String> subjects(Set<String> known, String subject) {
        if (subject == null || known.contains(subject) || known.size() >= SUBJECTS) {
            return known;
        }
        Set<String> more = new HashSet<>(known);
        more.add(subject);
        return Set.copyOf(more);
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
