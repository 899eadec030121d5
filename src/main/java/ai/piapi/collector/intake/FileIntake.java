package ai.piapi.collector.intake;

import ai.piapi.collector.domain.DeadLetter;
import ai.piapi.collector.domain.Tally;
import ai.piapi.collector.ledger.AdmitResult;
import ai.piapi.collector.ledger.InboxReads;
import ai.piapi.collector.ledger.Ledger;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admits an inbox file's task IDs to the ledger; hands back the refused lines as dead letters. */
public class FileIntake {
    private static final Logger LOG = LoggerFactory.getLogger(FileIntake.class);
    private static final int CHUNK = 1000;
    /** IDs read, sorted and admitted at a time: about 5 MB of heap for UUIDs. */
    static final int SORT_RUN = 50_000;

    private final InboxParser parser;
    private final Ledger ledger;
    private final Duration deadline;
    private final Tally tally;
    private final Clock clock;
    private final InboxReads reads;

    public FileIntake(InboxParser parser, Ledger ledger, Duration deadline, Tally tally, Clock clock) {
        this(parser, ledger, deadline, tally, clock, null);
    }

    /** {@code reads}: when each file was first read, so that a file read again after a crash reopens nothing new. */
    public FileIntake(InboxParser parser, Ledger ledger, Duration deadline, Tally tally, Clock clock, InboxReads reads) {
        this.parser = parser;
        this.ledger = ledger;
        this.deadline = deadline;
        this.tally = tally;
        this.clock = clock;
        this.reads = reads;
    }

    /** Returns when every valid ID is committed; the route moves the file out of the inbox only after that. */
    public List<DeadLetter> admit(InputStream content, String fileName) throws IOException {
        return admit(content, fileName, null);
    }

    /** The same for the inbox file at {@code path}: a second read of it (after a crash) reopens no task its first read saw. */
    public List<DeadLetter> admit(InputStream content, String fileName, String path) throws IOException {
        Instant now = clock.instant();
        Instant reopenDeadUntil = firstRead(path, now);
        AdmitResult[] total = {new AdmitResult(0, 0, 0)};
        List<InboxParser.Refused> refused = parser.parse(new InputStreamReader(content, StandardCharsets.UTF_8), fileName,
                SORT_RUN, run -> total[0] = total[0].plus(admitSorted(run, fileName, now, reopenDeadUntil)));
        AdmitResult admitted = total[0];
        tally.admitted(admitted.accepted(), admitted.reopened(), admitted.duplicates());
        LOG.info("inbox {}: {} accepted, {} reopened, {} duplicates, {} invalid", fileName, admitted.accepted(),
                admitted.reopened(), admitted.duplicates(), refused.size());
        return refused.stream()
                .map(r -> DeadLetter.invalidInput(r.raw(), fileName, r.line(), r.detail(), now))
                .toList();
    }

    /**
     * Admits one run of a file's IDs in key order, a chunk per transaction. Random IDs in file order made H2 rewrite
     * an index page per ID per commit (issue 17); sorted, a chunk touches a few neighbouring pages. A run is bounded
     * ({@link #SORT_RUN}) so that a file of a million IDs is never in the heap at once.
     */
    private AdmitResult admitSorted(List<String> run, String fileName, Instant now, Instant reopenDeadUntil) {
        Collections.sort(run);
        AdmitResult total = new AdmitResult(0, 0, 0);
        for (int from = 0; from < run.size(); from += CHUNK) {
            List<String> chunk = run.subList(from, Math.min(run.size(), from + CHUNK));
            total = total.plus(ledger.admit(chunk, fileName, now, now.plus(deadline), reopenDeadUntil));
        }
        return total;
    }

    // --- the re-read rule (issue 15): kept apart so that a new admission path can carry it over as is ---

    /** When the file was first read (now, the first time); null without a path or the ledger's record of reads. */
    private Instant firstRead(String path, Instant now) {
        if (reads == null || path == null) {
            return null;
        }
        String key = fileKey(Path.of(path));
        return key == null ? null : reads.firstRead(key, now);
    }

    /** One file, not one name: path, size, modification time and file id (a new file under an old name differs). */
    static String fileKey(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.toAbsolutePath() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis() + "|" + a.fileKey();
        } catch (IOException gone) {
            return null;
        }
    }
}
