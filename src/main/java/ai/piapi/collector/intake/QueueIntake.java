package ai.piapi.collector.intake;

import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.intake.InboxParser.Parsed;
import ai.piapi.collector.ledger.AdmitResult;
import ai.piapi.collector.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits one queue message's task IDs to the ledger and hands back what it refused as dead letters.
 * It returns only once the IDs are committed: the route acknowledges the message after that, and a ledger
 * failure is thrown so that the broker redelivers the message.
 */
public class QueueIntake {
    private static final Logger LOG = LoggerFactory.getLogger(QueueIntake.class);
    /** Refused parts of one message dead-lettered one by one; the rest are summed up in one. */
    static final int KEEP_REFUSED = 1000;

    private final MessageParser parser;
    private final Admission admission;
    private final String source;

    /** {@code source} names the queue in the ledger and in dead letters; it must hold no credentials. */
    public QueueIntake(MessageParser parser, Ledger ledger, String source, Duration deadline, Tally tally, Clock clock) {
        this.parser = parser;
        this.admission = new Admission(ledger, deadline, tally, clock, KEEP_REFUSED);
        this.source = source;
    }

    public List<DeadLetter> admit(String body) {
        Admission.Outcome outcome;
        try {
            outcome = admission.admit(source, null, sink -> parser.parse(body, sink));
        } catch (java.io.IOException impossible) { // the message is already in memory
            throw new java.io.UncheckedIOException(impossible);
        }
        AdmitResult total = outcome.admitted();
        LOG.debug("queue {}: {} accepted, {} reopened, {} duplicates, {} refused", source, total.accepted(),
                total.reopened(), total.duplicates(), outcome.refusedTotal());
        return outcome.deadLetters();
    }
}
