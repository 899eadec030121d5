package ai.piapi.collector.ops.operator;

import ai.piapi.collector.http.RequestRefused;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.ledger.AdmitResult;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskFilter;
import ai.piapi.collector.ledger.TaskSearch;
import ai.piapi.collector.ledger.TaskState;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /tasks/replay}: reopens dead-lettered tasks chosen by reason, by the time they were dead-lettered
 * and/or by ID, through the ledger's one admission path (source {@code replay}: the task's history gets a
 * {@code reopened} event, its attempts and transient errors start again, a new deadline runs from now). The poller
 * takes them at once. Their dead-letter files stay where they are, as the record of the earlier failure: a task
 * that fails again replaces its file; one that completes is written to the completed folder as any other.
 */
public class Replays {
    static final String SOURCE = "replay";
    static final int PAGE = 1000;
    static final int MAX_IDS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Replays.class);

    /** What a replay did: how many tasks it reopened, their IDs (the first {@value #PAGE}), given IDs it left. */
    @JsonPropertyOrder({"replayed", "task_ids", "more", "not_dead"})
    public record Answer(int replayed, List<String> task_ids, boolean more, List<String> not_dead) {
    }

    private final TaskSearch search;
    private final Ledger ledger;
    private final Duration deadline;
    private final Tally tally;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Replays(TaskSearch search, Ledger ledger, Duration deadline, Tally tally, ObjectMapper mapper, Clock clock) {
        this.search = search;
        this.ledger = ledger;
        this.deadline = deadline;
        this.tally = tally;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** {@code {"reason": "capture_failed", "since": "6h", "until": "2026-12-01T06:00:00Z", "task_ids": [...]}}. */
    public Answer replay(String body) {
        TaskFilter filter = filter(body);
        Instant now = clock.instant();
        List<String> listed = new ArrayList<>();
        Set<String> reopenedIds = filter.taskIds().isEmpty() ? Set.of() : new HashSet<>();
        int reopened = 0;
        int duplicates = 0;
        String after = null;
        for (List<String> page = search.ids(filter, null, PAGE); !page.isEmpty(); page = search.ids(filter, after, PAGE)) {
            AdmitResult r = ledger.admit(page, SOURCE, now, now.plus(deadline));
            reopened += r.reopened();
            duplicates += r.duplicates(); // reopened by someone else between the read and the reopen
            for (String id : page) {
                if (listed.size() < PAGE) {
                    listed.add(id);
                }
                if (!filter.taskIds().isEmpty()) {
                    reopenedIds.add(id);
                }
            }
            after = page.get(page.size() - 1);
        }
        tally.admitted(0, reopened, duplicates);
        List<String> notDead = filter.taskIds().stream().filter(id -> !reopenedIds.contains(id)).toList();
        LOG.info("POST /tasks/replay: {} dead letters reopened{}", reopened, describe(filter));
        return new Answer(reopened, listed, reopened > listed.size(), notDead);
    }

    private TaskFilter filter(String body) {
        JsonNode json;
        try {
            json = OperatorParams.blank(body) ? mapper.createObjectNode() : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestRefused.malformed("the body must be a JSON object: {\"reason\": ..., \"since\": ..., \"until\": ..., \"task_ids\": [...]}");
        }
        if (json == null || !json.isObject()) {
            throw RequestRefused.malformed("the body must be a JSON object: {\"reason\": ..., \"since\": ..., \"until\": ..., \"task_ids\": [...]}");
        }
        Set<String> ids = new LinkedHashSet<>();
        JsonNode given = json.path("task_ids");
        if (!given.isMissingNode() && !given.isNull()) {
            if (!given.isArray() || given.size() > MAX_IDS) {
                throw RequestRefused.malformed("task_ids must be an array of at most " + MAX_IDS + " task IDs");
            }
            given.forEach(id -> ids.add(OperatorParams.taskId("task_ids", id.isTextual() ? id.asText() : "?")));
        }
        TaskFilter filter = new TaskFilter(TaskState.DEAD, OperatorParams.reason(text(json, "reason")), null,
                null, OperatorParams.time("since", text(json, "since"), clock),
                OperatorParams.time("until", text(json, "until"), clock), List.copyOf(ids));
        if (filter.reason() == null && filter.settledSince() == null && filter.settledUntil() == null && ids.isEmpty()) {
            throw RequestRefused.malformed("say which dead letters to replay: reason, since, until and/or task_ids");
        }
        return filter;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static String describe(TaskFilter f) {
        StringBuilder s = new StringBuilder();
        if (f.reason() != null) {
            s.append(" reason=").append(f.reason());
        }
        if (f.settledSince() != null) {
            s.append(" since=").append(f.settledSince());
        }
        if (f.settledUntil() != null) {
            s.append(" until=").append(f.settledUntil());
        }
        if (!f.taskIds().isEmpty()) {
            s.append(" ids=").append(f.taskIds().size());
        }
        return s.length() == 0 ? "" : " (" + s.toString().strip() + ")";
    }
}
