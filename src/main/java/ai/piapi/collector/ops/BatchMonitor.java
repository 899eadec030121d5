package ai.piapi.collector.ops;

import ai.piapi.collector.domain.Durations;
import ai.piapi.collector.domain.Tally;
import ai.piapi.collector.intake.InboxParser;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Batch mode: once the inbox is empty and no task is open, prints the summary and ends the process. */
public class BatchMonitor {
    public static final int ALL_COMPLETED = 0;
    public static final int SOME_DEAD_LETTERED = 2;
    private static final Logger LOG = LoggerFactory.getLogger(BatchMonitor.class);

    private final Path inbox;
    private final Ledger ledger;
    private final Tally tally;
    private final Clock clock;
    private final Instant started;
    private final IntConsumer shutdown;
    private final AtomicBoolean done = new AtomicBoolean();
    
    public BatchMonitor(Path inbox, Ledger ledger, Tally tally, Clock clock, IntConsumer shutdown) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.tally = tally;
        this.clock = clock;
        this.started = clock.instant();
        this.shutdown = shutdown;
    }

    public void checkDone() {
        if (done.get() || inboxHasWork() || ledger.countByState().get(TaskState.OPEN) > 0 || !done.compareAndSet(false, true)) {
            return;
        }
        int exitCode = tally.deadLetteredCount() > 0 ? SOME_DEAD_LETTERED : ALL_COMPLETED;
        String reasons = tally.deadLetterReasons();
        LOG.info("batch done in {}: {} completed, {} dead-lettered{}, {} accepted, {} duplicates, {} polls; exit code {}",
                Durations.format(Duration.between(started, clock.instant())), tally.completedCount(),
                tally.deadLetteredCount(), reasons.isEmpty() ? "" : " (" + reasons + ")", tally.accepted(),
                tally.duplicates(), tally.polls(), exitCode);
        shutdown.accept(exitCode);
    }

    private boolean inboxHasWork() {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")
                    && InboxParser.accepts(f.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
