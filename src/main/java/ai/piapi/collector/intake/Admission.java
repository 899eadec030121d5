package ai.piapi.collector.intake;

import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.intake.InboxParser.Refused;
import ai.piapi.collector.ledger.AdmitResult;
import ai.piapi.collector.ledger.Ledger;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one admission path of every intake (inbox files, {@code POST /tasks}, queue messages): a parser streams IDs
 * into it; they are gathered in runs of up to {@value #RUN} (some 5 MB of UUIDs), each run sorted and committed to
 * the ledger {@value #CHUNK} at a time, so memory does not grow with the input. Sorted, a commit touches a few
 * neighbouring index pages instead of one page per random ID (the embedded ledger's file grew by GBs, issue 17).
 * Refused inputs are kept one by one up to a cap; the rest are counted and summed up in one dead letter.
 */
public class Admission {
    /** IDs committed per ledger transaction. */
    public static final int CHUNK = 1000;
    /** IDs gathered and sorted before they are committed. */
    static final int RUN = 50_000;

    private final Ledger ledger;
    private final Duration deadline;
    private final Tally tally;
    private final Clock clock;
    private final int keepRefused;

    /** {@code keepRefused}: refused inputs dead-lettered (and answered) one by one per file, request or message. */
    public Admission(Ledger ledger, Duration deadline, Tally tally, Clock clock, int keepRefused) {
        this.ledger = ledger;
        this.deadline = deadline;
        this.tally = tally;
        this.clock = clock;
        this.keepRefused = keepRefused;
    }

    /** What a parser reads from one input. */
    @FunctionalInterface
    public interface Input {
        void readInto(IdSink sink) throws IOException;
    }

    /**
     * What one input came to: ledger counts, the refused inputs kept one by one (at most the cap), how many were
     * refused in all, and the line of the first one not kept.
     */
    public record Outcome(AdmitResult admitted, List<Refused> refused, long refusedTotal, long firstUnkeptLine,
                          String source, Instant at) {
        /** The dead letters: one per kept refusal, and one that sums up the rest. */
        public List<DeadLetter> deadLetters() {
            List<DeadLetter> dead = new ArrayList<>(refused.size() + 1);
            for (Refused r : refused) {
                dead.add(DeadLetter.invalidInput(r.raw(), source, r.line(), r.detail(), at));
            }
            long unkept = refusedTotal - refused.size();
            if (unkept > 0) {
                dead.add(DeadLetter.invalidInput("", source, firstUnkeptLine, unkept + " more refused inputs from line "
                        + firstUnkeptLine + " on are not written one by one (the first " + refused.size()
                        + " are); the input itself holds them", at));
            }
            return dead;
        }
    }

    /** Admits what {@code input} reads; returns once every valid ID it read is committed. */
    public Outcome admit(String source, Instant reopenDeadUntil, Input input) throws IOException {
        Instant now = clock.instant();
        Batch batch = new Batch(source, now, reopenDeadUntil);
        try {
            input.readInto(batch);
            batch.flush();
        } finally {
            tally.admitted(batch.total.accepted(), batch.total.reopened(), batch.total.duplicates());
        }
        return new Outcome(batch.total, batch.refused, batch.refusedTotal, batch.firstUnkeptLine, source, now);
    }

    private final class Batch implements IdSink {
        final String source;
        final Instant now;
        final Instant reopenDeadUntil;
        final List<String> ids = new ArrayList<>(CHUNK);
        final List<Refused> refused = new ArrayList<>();
        AdmitResult total = new AdmitResult(0, 0, 0);
        long refusedTotal;
        long firstUnkeptLine = -1;

        Batch(String source, Instant now, Instant reopenDeadUntil) {
            this.source = source;
            this.now = now;
            this.reopenDeadUntil = reopenDeadUntil;
        }

        @Override
        public void acceptId(String taskId) {
            ids.add(taskId);
            if (ids.size() >= RUN) {
                flush();
            }
        }

        @Override
        public void refuse(Refused r) {
            refusedTotal++;
            if (refused.size() < keepRefused) {
                refused.add(r);
            } else if (firstUnkeptLine < 0) {
                firstUnkeptLine = r.line();
            }
        }

        void flush() {
            Collections.sort(ids);
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = List.copyOf(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
                total = total.plus(ledger.admit(chunk, source, now, now.plus(deadline), reopenDeadUntil));
            }
            ids.clear();
        }
    }
}
