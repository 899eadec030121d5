package ai.piapi.collector.intake;

import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.task.Reason;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.ledger.AdmitResult;
import ai.piapi.collector.ledger.Ledger;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /tasks}: admits the body's task IDs exactly as the file intake does, source {@code http}. */
public class RequestIntake {
    public static final String SOURCE = "http";
    private static final Logger LOG = LoggerFactory.getLogger(RequestIntake.class);

    /** The answer: counts, and each refused input with its reason; {@link #deadLetters()} go to the dead letters. */
    @JsonPropertyOrder({"accepted", "reopened", "duplicates", "rejected"})
    public record Answer(int accepted, int reopened, int duplicates, List<Rejected> rejected,
                         @JsonIgnore List<DeadLetter> deadLetters) {
    }

    /** One refused input (cut to {@value #ECHO_LIMIT} characters), its dead-letter reason and the reason in words. */
    public record Rejected(String input, String reason, String detail) {
    }

    static final int ECHO_LIMIT = 1000;

    private final RequestBodyParser parser;
    private final Admission admission;
    private final Clock clock;

    public RequestIntake(RequestBodyParser parser, Ledger ledger, Duration deadline, Tally tally, Clock clock) {
        this.parser = parser;
        this.admission = new Admission(ledger, deadline, tally);
        this.clock = clock;
    }

    /** Returns once every valid ID is committed to the ledger. */
    public Answer admit(String body, String contentType) {
        InboxParser.Parsed parsed = parser.parse(body, contentType);
        Instant now = clock.instant();
        AdmitResult total = admission.admit(parsed.taskIds(), SOURCE, now, null);
        LOG.info("POST /tasks: {} accepted, {} reopened, {} duplicates, {} invalid", total.accepted(),
                total.reopened(), total.duplicates(), parsed.refused().size());
        List<Rejected> rejected = parsed.refused().stream().map(r -> new Rejected(
                r.raw().length() <= ECHO_LIMIT ? r.raw() : r.raw().substring(0, ECHO_LIMIT),
                Reason.INVALID_TASK_ID.code(), r.detail())).toList();
        return new Answer(total.accepted(), total.reopened(), total.duplicates(), rejected,
                parsed.deadLetters(SOURCE, now));
    }
}
