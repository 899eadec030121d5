package ai.piapi.collector.intake;

import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.ledger.AdmitResult;
import ai.piapi.collector.ledger.Ledger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The one way every intake commits its task IDs: in chunks of {@value #CHUNK} to the ledger, counted once. */
final class Admission {
    static final int CHUNK = 1000;

    private final Ledger ledger;
    private final Duration deadline;
    private final Tally tally;

    Admission(Ledger ledger, Duration deadline, Tally tally) {
        this.ledger = ledger;
        this.deadline = deadline;
        this.tally = tally;
    }

    /** {@code reopenDeadUntil}: only tasks dead-lettered by then come back open (null: all), see {@link Ledger}. */
    AdmitResult admit(List<String> ids, String source, Instant now, Instant reopenDeadUntil) {
        AdmitResult total = new AdmitResult(0, 0, 0);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            total = total.plus(reopenDeadUntil == null ? ledger.admit(chunk, source, now, now.plus(deadline))
                    : ledger.admit(chunk, source, now, now.plus(deadline), reopenDeadUntil));
        }
        tally.admitted(total.accepted(), total.reopened(), total.duplicates());
        return total;
    }
}
