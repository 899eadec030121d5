package ai.piapi.collector.ops;

import ai.piapi.collector.format.Durations;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a batch run did, as its last line and as the JSON of {@code collector.summary-file}: counts by outcome and
 * reason, the time it took, its exit code, and when it gave up, why.
 *
 * @param open tasks still open when it ended (only when it gave up: they wait for the next run); null when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"exit_code", "outcome", "cause", "started_at", "ended_at", "seconds", "completed", "dead_lettered",
        "dead_letter_reasons", "open", "accepted", "reopened", "duplicates", "polls"})
public record BatchSummary(
        @JsonProperty("exit_code") int exitCode, String outcome, String cause,
        @JsonProperty("started_at") String startedAt, @JsonProperty("ended_at") String endedAt, double seconds,
        long completed, @JsonProperty("dead_lettered") long deadLettered,
        @JsonProperty("dead_letter_reasons") Map<String, Long> deadLetterReasons, Long open,
        long accepted, long reopened, long duplicates, long polls) {

    public static final int ALL_COMPLETED = 0;
    public static final int SOME_DEAD_LETTERED = 2;
    public static final int GAVE_UP = 3;

    /** The summary of a run from {@code started} to {@code ended}. */
    public static BatchSummary of(int exitCode, String outcome, String cause, Instant started, Instant ended,
                                  long completed, long deadLettered, Map<String, Long> reasons, Long open,
                                  long accepted, long reopened, long duplicates, long polls) {
        return new BatchSummary(exitCode, outcome, cause, started.toString(), ended.toString(),
                Duration.between(started, ended).toMillis() / 1000.0, completed, deadLettered, reasons, open, accepted,
                reopened, duplicates, polls);
    }

    /** The one line batch mode prints last. */
    public String line() {
        String took = Durations.format(Duration.ofMillis(Math.round(seconds * 1000)));
        String reasons = deadLetterReasons.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        String counts = completed + " completed, " + deadLettered + " dead-lettered"
                + (reasons.isEmpty() ? "" : " (" + reasons + ")")
                + (open == null || open == 0 || exitCode != GAVE_UP ? "" : ", " + open + " still open (for the next run)")
                + ", " + accepted + " accepted, " + duplicates + " duplicates, " + polls + " polls; exit code " + exitCode;
        return exitCode == GAVE_UP ? "batch gave up after " + took + ": " + cause + "; " + counts
                : "batch done in " + took + ": " + counts;
    }
}
