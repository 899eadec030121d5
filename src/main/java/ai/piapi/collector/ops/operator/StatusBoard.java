package ai.piapi.collector.ops.operator;

import ai.piapi.collector.schedule.RunTimeHistogram;
import ai.piapi.collector.schedule.RunTimeKey;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskSearch;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.messaging.BrokerStatus;
import ai.piapi.collector.poll.RunTimeLearner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /status.json}, what the status page at {@code /} shows and refreshes: task counts by state (the
 * ledger), the last hour's throughput (this instance), dead letters by reason, the oldest open tasks, the run times
 * the adaptive schedule learned per model, broker links and the readiness checks (storage, ledger, folders, key).
 */
public class StatusBoard {
    static final int OLDEST = 10;
    private static final double[] QUANTILES = {0.1, 0.5, 0.9};

    private final Ledger ledger;
    private final TaskSearch search;
    private final Throughput throughput;
    private final RunTimeLearner learner;
    private final BrokerStatus brokers;
    private final Supplier<List<Map<String, Object>>> health;
    private final Clock clock;

    public StatusBoard(Ledger ledger, TaskSearch search, Throughput throughput, RunTimeLearner learner,
                       BrokerStatus brokers, Supplier<List<Map<String, Object>>> health, Clock clock) {
        this.ledger = ledger;
        this.search = search;
        this.throughput = throughput;
        this.learner = learner;
        this.brokers = brokers;
        this.health = health;
        this.clock = clock;
    }

    public Map<String, Object> snapshot() {
        Instant now = clock.instant();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generated_at", now.toString());
        Map<String, Long> counts = new LinkedHashMap<>();
        ledger.countByState().forEach((state, n) -> counts.put(state.column(), n));
        out.put("counts", counts);
        out.put("throughput", throughput.lastHour());
        List<Map<String, Object>> dead = new ArrayList<>();
        search.deadByReason().forEach((reason, n) -> dead.add(entry("reason", reason, "count", n)));
        out.put("dead_by_reason", dead);
        out.put("oldest_open", search.oldestOpen(OLDEST).stream().map(t -> oldest(t, now)).toList());
        out.put("run_times", runTimes());
        out.put("brokers", brokerLinks());
        out.put("health", health.get());
        return out;
    }

    private static Map<String, Object> oldest(TaskRecord t, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("task_id", t.taskId());
        v.put("source", t.source());
        v.put("model", t.model());
        v.put("attempts", t.polls());
        v.put("first_seen_at", t.firstSeenAt().toString());
        v.put("age_seconds", Duration.between(t.firstSeenAt(), now).toSeconds());
        v.put("next_poll_at", t.state() == TaskState.OPEN && t.nextPollAt() != null ? t.nextPollAt().toString() : null);
        return v;
    }

    private List<Map<String, Object>> runTimes() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (learner == null) {
            return out;
        }
        for (Map.Entry<RunTimeKey, RunTimeHistogram> e : learner.all().entrySet()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("model", e.getKey().model());
            v.put("task_type", e.getKey().taskType());
            v.put("samples", e.getValue().samples());
            for (double q : QUANTILES) {
                v.put("p" + Math.round(q * 100) + "_seconds", Math.round(e.getValue().quantile(q)) / 1000.0);
            }
            out.add(v);
        }
        out.sort((a, b) -> Long.compare((Long) b.get("samples"), (Long) a.get("samples")));
        return out;
    }

    private List<Map<String, Object>> brokerLinks() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (brokers == null) {
            return out;
        }
        for (BrokerStatus.Link link : brokers.links().values()) {
            if (link.state() == BrokerStatus.State.OFF) {
                continue;
            }
            Map<String, Object> v = entry("name", link.name(), "state", link.state().name().toLowerCase(java.util.Locale.ROOT));
            v.put("endpoint", link.endpoint());
            v.put("since", link.since() == null ? null : link.since().toString());
            v.put("detail", link.detail());
            out.add(v);
        }
        return out;
    }

    private static Map<String, Object> entry(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(k1, v1);
        v.put(k2, v2);
        return v;
    }
}
