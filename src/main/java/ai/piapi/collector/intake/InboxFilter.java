package ai.piapi.collector.intake;

import ai.piapi.collector.domain.Outage;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox route's file filter: a file that cannot be opened for reading (permissions, a broken disk) is left
 * where it is, untouched, and tried again at each scan. It is logged once when it is found unreadable and once when
 * it can be read again, never once per scan, and batch mode learns of it (an inbox it cannot finish). While the
 * dead-letter folder or the ledger is out, files are taken with backoff (1 s, 2 s, ... up to {@code maxWait}) rather
 * than at every scan: a file whose refused lines cannot be kept stays in the inbox, and is not admitted again and
 * again meanwhile.
 */
public class InboxFilter implements GenericFileFilter<File> {
    private static final Logger LOG = LoggerFactory.getLogger(InboxFilter.class);

    /** A file that could not be read: since when, and why. */
    public record Unreadable(Path file, Instant since, String why) {
    }

    private final Clock clock;
    private final List<Outage> waitFor;
    private final Duration maxWait;
    private final Map<Path, Unreadable> unreadable = new ConcurrentHashMap<>();
    private int tries;
    private Instant nextTry;

    public InboxFilter(Clock clock) {
        this(clock, List.of(), Duration.ZERO);
    }

    /** {@code waitFor}: outages during which files are taken with backoff, up to {@code maxWait} apart. */
    public InboxFilter(Clock clock, List<Outage> waitFor, Duration maxWait) {
        this.clock = clock;
        this.waitFor = List.copyOf(waitFor);
        this.maxWait = maxWait;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return true; // the route does not descend into folders (.done); Camel asks about them all the same
        }
        return mayTakeFiles() && readable(Path.of(file.getAbsoluteFilePath()));
    }

    /** False while an outage waits for its next try (one file is let through at each try). */
    private synchronized boolean mayTakeFiles() {
        if (waitFor.stream().noneMatch(Outage::isDown)) {
            tries = 0;
            nextTry = null;
            return true;
        }
        Instant now = clock.instant();
        if (nextTry != null && now.isBefore(nextTry)) {
            return false;
        }
        tries++;
        long ms = Math.min(1000L << Math.min(tries - 1, 20), Math.max(1000, maxWait.toMillis()));
        nextTry = now.plusMillis(ms);
        return true;
    }

    /** True when {@code file} can be opened for reading now (dot-files and names the inbox does not take: always). */
    public boolean readable(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || !InboxParser.accepts(name)) {
            return true;
        }
        try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.READ)) {
            Unreadable was = unreadable.remove(file);
            if (was != null) {
                LOG.info("inbox file {} can be read again", name);
            }
            return true;
        } catch (IOException | SecurityException e) {
            if (!java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                forget(file);
                return false; // gone since the folder was listed
            }
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            unreadable.computeIfAbsent(file, f -> {
                LOG.warn("inbox file {} cannot be read ({}): it is left in the inbox and tried again at each scan;"
                        + " make it readable for the collector", name, why);
                return new Unreadable(f, clock.instant(), why);
            });
            return false;
        }
    }

    /** Forgets a file that is gone (moved away by someone, deleted). */
    void forget(Path file) {
        if (unreadable.remove(file) != null) {
            LOG.info("inbox file {} is gone", file.getFileName());
        }
    }

    /** The files found unreadable and not readable (or gone) since; the oldest first is not guaranteed. */
    public Map<Path, Unreadable> unreadable() {
        unreadable.keySet().removeIf(f -> {
            boolean gone = !java.nio.file.Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (gone) {
                LOG.info("inbox file {} is gone", f.getFileName());
            }
            return gone;
        });
        return Map.copyOf(unreadable);
    }

    /** Since when some inbox file has been unreadable without a break; empty when none is. */
    public Optional<Instant> unreadableSince() {
        return unreadable().values().stream().map(Unreadable::since).min(Instant::compareTo);
    }
}
