package ai.piapi.collector.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Hears of each task seen final (by a poll or a webhook), so its run time is learned wherever it was seen. */
@FunctionalInterface
public interface TaskEnded {
    /** {@code data}: PiAPI's task object; {@code polls}: the sightings so far, this one included. */
    void ended(JsonNode data, int polls, Instant firstSeenAt, Instant now);
}
