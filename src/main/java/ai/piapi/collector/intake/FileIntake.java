package ai.piapi.collector.intake;

import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.ops.Tally;
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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admits an inbox file's task IDs to the ledger; hands back the refused lines as dead letters. */
public class FileIntake {
    private static final Logger LOG = LoggerFactory.getLogger(FileIntake.class);
    /** Refused lines of one file written as dead letters one by one; the rest are summed up in one. */
    public static final int KEEP_REFUSED = 1000;

    private final InboxParser parser;
    private final Admission admission;
    private final Clock clock;
    private final InboxReads reads;

    public FileIntake(InboxParser parser, Ledger ledger, Duration deadline, Tally tally, Clock clock) {
        this(parser, ledger, deadline, tally, clock, null);
    }

    /** {@code reads}: when each file was first read, so that a file read again after a crash reopens nothing new. */
    public FileIntake(InboxParser parser, Ledger ledger, Duration deadline, Tally tally, Clock clock, InboxReads reads) {
        this.parser = parser;
        this.admission = new Admission(ledger, deadline, tally, clock, KEEP_REFUSED);
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
        Admission.Outcome outcome = admission.admit(fileName, reopenDeadUntil,
                sink -> parser.parse(new InputStreamReader(content, StandardCharsets.UTF_8), fileName, sink));
        AdmitResult total = outcome.admitted();
        LOG.info("inbox {}: {} accepted, {} reopened, {} duplicates, {} invalid", fileName, total.accepted(),
                total.reopened(), total.duplicates(), outcome.refusedTotal());
        return outcome.deadLetters();
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
