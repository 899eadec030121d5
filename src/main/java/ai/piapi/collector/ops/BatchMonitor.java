package ai.piapi.collector.ops;

import ai.piapi.collector.settings.BatchSettings;
import ai.piapi.collector.format.Durations;
import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.files.AtomicFiles;
import ai.piapi.collector.intake.InboxFilter;
import ai.piapi.collector.intake.InboxParser;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.LedgerException;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.poll.AuthGate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch mode: once the inbox is empty and no task is open, ends the process with a summary (exit 0 or 2). When an
 * outage of its surroundings lasts {@code collector.batch.give-up-after} (PiAPI refuses the key, the ledger is
 * unreachable, or only unreadable files are left in the inbox), it gives up instead (exit 3), dead-lettering
 * nothing: the tasks stay open in the ledger (and the unreadable files in the inbox) for the next run.
 */
public class BatchMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchMonitor.class);

    private final Path inbox;
    private final Ledger ledger;
    private final Tally tally;
    private final Clock clock;
    private final Instant started;
    private final Consumer<BatchSummary> finish;
    private final BatchSettings settings;
    private final AuthGate authGate;
    private final Outage ledgerOutage;
    private final InboxFilter inboxFilter;
    private final AtomicBoolean done = new AtomicBoolean();

    /** {@code finish} ends the process with the summary (printed last, after Camel has stopped). */
    public BatchMonitor(Path inbox, Ledger ledger, Tally tally, Clock clock, BatchSettings settings, AuthGate authGate,
                        Outage ledgerOutage, InboxFilter inboxFilter, Consumer<BatchSummary> finish) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.tally = tally;
        this.clock = clock;
        this.started = clock.instant();
        this.settings = settings;
        this.authGate = authGate;
        this.ledgerOutage = ledgerOutage;
        this.inboxFilter = inboxFilter;
        this.finish = finish;
    }

    public void checkDone() {
        if (done.get()) {
            return;
        }
        Instant now = clock.instant();
        String cause = outageTooLong(now);
        Long open = null;
        if (cause == null) {
            try {
                // checked every 500 ms: an index lookup, not a count of every task (a million rows: issue 17)
                if (ledger.hasOpen()) {
                    return;
                }
                open = 0L;
            } catch (LedgerException unreachable) {
                return; // its outage is timed above
            }
            if (inboxHasReadableWork()) {
                return;
            }
            Map<Path, InboxFilter.Unreadable> unreadable = inboxFilter.unreadable();
            if (!unreadable.isEmpty()) {
                Instant since = inboxFilter.unreadableSince().orElse(now);
                if (now.isBefore(since.plus(settings.giveUpAfter()))) {
                    return;
                }
                cause = "the inbox has files it cannot read for " + Durations.format(settings.giveUpAfter()) + ": "
                        + unreadable.values().stream().map(u -> u.file().getFileName() + " (" + u.why() + ")")
                        .sorted().collect(Collectors.joining(", "));
            }
        } else {
            open = openOrNull();
        }
        if (done.compareAndSet(false, true)) {
            end(cause, open, now);
        }
    }

    /** Why to give up now: an outage that has lasted give-up-after; null when there is none. */
    private String outageTooLong(Instant now) {
        Duration limit = settings.giveUpAfter();
        Instant refused = authGate.refusedSince();
        if (refused != null && !now.isBefore(refused.plus(limit))) {
            return "PiAPI refused the API key (HTTP 401/403) for " + Durations.format(limit) + "; check piapi.api-key";
        }
        Instant unreachable = ledgerOutage.downSince().orElse(null);
        if (unreachable != null && !now.isBefore(unreachable.plus(limit))) {
            return ledgerOutage.problem().orElse(ledgerOutage.what() + " is unreachable") + " (for more than "
                    + Durations.format(limit) + ")";
        }
        return null;
    }

    private Long openOrNull() {
        if (ledgerOutage.isDown()) {
            return null;
        }
        try {
            return ledger.countByState().get(TaskState.OPEN);
        } catch (LedgerException unreachable) {
            return null;
        }
    }

    private void end(String cause, Long open, Instant now) {
        int exitCode = cause != null ? BatchSummary.GAVE_UP
                : tally.deadLetteredCount() > 0 ? BatchSummary.SOME_DEAD_LETTERED : BatchSummary.ALL_COMPLETED;
        String outcome = cause != null ? "gave_up" : exitCode == BatchSummary.ALL_COMPLETED ? "completed" : "dead_lettered";
        BatchSummary summary = BatchSummary.of(exitCode, outcome, cause, started, now, tally.completedCount(),
                tally.deadLetteredCount(), new TreeMap<>(tally.deadLetterCounts()), open, tally.accepted(),
                tally.reopened(), tally.duplicates(), tally.polls());
        if (cause != null) {
            LOG.error("batch mode gives up: {}; nothing is dead-lettered for it, the next run takes the same tasks", cause);
        }
        writeSummaryFile(summary);
        finish.accept(summary);
    }

    private void writeSummaryFile(BatchSummary summary) {
        Path file = settings.summaryFile();
        if (file == null) {
            return;
        }
        try {
            byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary);
            AtomicFiles.write(file.getParent(), file.getFileName().toString(), json);
        } catch (IOException e) {
            LOG.warn("collector.summary-file: cannot write {} ({}): the summary is only printed", file, e.toString());
        }
    }

    private boolean inboxHasReadableWork() {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")
                    && InboxParser.accepts(f.getFileName().toString()) && inboxFilter.readable(f));
        } catch (IOException e) {
            return true; // cannot list it now: not done
        }
    }
}
