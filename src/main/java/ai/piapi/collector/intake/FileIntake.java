package ai.piapi.collector.intake;

import ai.piapi.collector.domain.DeadLetter;
import ai.piapi.collector.domain.Tally;
import ai.piapi.collector.ledger.AdmitResult;
import ai.piapi.collector.ledger.Ledger;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admits an inbox file's task IDs to the ledger; hands back the refused lines as dead letters. */
public class FileIntake {
    private static final Logger LOG = LoggerFactory.getLogger(FileIntake.class);
    private static final int CHUNK = 1000;

    private final InboxParser parser;
    private final Ledger ledger;
    private final Duration deadline;
    private final Tally tally;
    private final Clock clock;

    public FileIntake(InboxParser parser, Ledger ledger, Duration deadline, Tally tally, Clock clock) {
        this.parser = parser;
        this.ledger = ledger;
        this.deadline = deadline;
        this.tally = tally;
        this.clock = clock;
    }

    /** Returns when every valid ID is committed; the route moves the file out of the inbox only after that. */
    public List<DeadLetter> admit(InputStream content, String fileName) throws IOException {
        InboxParser.Parsed parsed = parser.parse(new InputStreamReader(content, StandardCharsets.UTF_8), fileName);
        Instant now = clock.instant();
        AdmitResult total = new AdmitResult(0, 0, 0);
        List<String> ids = parsed.taskIds();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            total = total.plus(ledger.admit(chunk, fileName, now, now.plus(deadline)));
        }
        tally.admitted(total.accepted(), total.reopened(), total.duplicates());
        LOG.info("inbox {}: {} accepted, {} reopened, {} duplicates, {} invalid", fileName, total.accepted(),
                total.reopened(), total.duplicates(), parsed.refused().size());
        return parsed.refused().stream()
                .map(r -> DeadLetter.invalidInput(r.raw(), fileName, r.line(), r.detail(), now))
                .toList();
    }
}
