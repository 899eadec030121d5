package ai.piapi.collector.intake;

import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.task.Reason;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.ledger.AdmitResult;
import ai.piapi.collector.ledger.Ledger;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /tasks}: admits the body's task IDs exactly as the file intake does, source {@code http}, reading the
 * body as a stream ({@link Admission}): any body up to the size limit is taken in bounded memory. The answer lists
 * the first {@value #KEEP_REFUSED} refused inputs and counts them all.
 */
public class RequestIntake {
    public static final String SOURCE = "http";
    /** Refused inputs of one request answered and dead-lettered one by one; the rest are summed up in one dead letter. */
    public static final int KEEP_REFUSED = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(RequestIntake.class);

    /** The answer: counts, and each refused input kept with its reason; {@link #deadLetters()} go to the dead letters. */
    @JsonPropertyOrder({"accepted", "reopened", "duplicates", "rejected", "rejected_total"})
    public record Answer(int accepted, int reopened, int duplicates, List<Rejected> rejected,
                         @JsonProperty("rejected_total") long rejectedTotal, @JsonIgnore List<DeadLetter> deadLetters) {
    }

    /** One refused input (cut to {@value #ECHO_LIMIT} characters), its dead-letter reason and the reason in words. */
    public record Rejected(String input, String reason, String detail) {
    }

    static final int ECHO_LIMIT = 1000;

    private final RequestBodyParser parser;
    private final Admission admission;
    private final long maxBytes;

    public RequestIntake(RequestBodyParser parser, Ledger ledger, Duration deadline, Tally tally, Clock clock) {
        this(parser, ledger, deadline, tally, clock, Long.MAX_VALUE);
    }

    /** {@code maxBytes}: the largest body taken (413 beyond), camel.server.maxBodySize. */
    public RequestIntake(RequestBodyParser parser, Ledger ledger, Duration deadline, Tally tally, Clock clock, long maxBytes) {
        this.parser = parser;
        this.admission = new Admission(ledger, deadline, tally, clock, KEEP_REFUSED);
        this.maxBytes = maxBytes;
    }

    /** Returns once every valid ID is committed to the ledger. */
    public Answer admit(String body, String contentType) throws IOException {
        return admit(new ByteArrayInputStream((body == null ? "" : body).getBytes(StandardCharsets.UTF_8)), contentType);
    }

    /** The same for a body read as a stream. */
    public Answer admit(InputStream body, String contentType) throws IOException {
        RequestBodyParser.refuseForm(contentType);
        Admission.Outcome outcome = admission.admit(SOURCE, null,
                sink -> parser.parse(body == null ? InputStream.nullInputStream() : body, maxBytes, sink));
        AdmitResult total = outcome.admitted();
        LOG.info("POST /tasks: {} accepted, {} reopened, {} duplicates, {} invalid", total.accepted(),
                total.reopened(), total.duplicates(), outcome.refusedTotal());
        List<Rejected> rejected = outcome.refused().stream().map(r -> new Rejected(
                r.raw().length() <= ECHO_LIMIT ? r.raw() : r.raw().substring(0, ECHO_LIMIT),
                Reason.INVALID_TASK_ID.code(), r.detail())).toList();
        return new Answer(total.accepted(), total.reopened(), total.duplicates(), rejected, outcome.refusedTotal(),
                outcome.deadLetters());
    }
}
