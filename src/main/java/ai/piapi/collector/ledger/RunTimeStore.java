package ai.piapi.collector.ledger;

import ai.piapi.collector.schedule.RunTimeHistogram;
import ai.piapi.collector.schedule.RunTimeKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Learned run times in the ledger, so they survive restarts and instances on one PostgreSQL ledger learn together.
 * A merge adds an instance's new samples to a model's row under a row lock (rows taken in key order, so two
 * instances merging the same models cannot deadlock).
 */
public class RunTimeStore {
    private static final String CREATE = "INSERT INTO run_time_stats (model, task_type, samples, histogram, updated_at)"
            + " VALUES (?, ?, 0, '', ?) ON CONFLICT DO NOTHING";
    private static final String LOCK = "SELECT histogram FROM run_time_stats WHERE model = ? AND task_type = ? FOR UPDATE";
    private static final String SAVE = "UPDATE run_time_stats SET samples = ?, histogram = ?, updated_at = ?"
            + " WHERE model = ? AND task_type = ?";
    private static final String ALL = "SELECT model, task_type, histogram FROM run_time_stats";

    private final Sql sql;

    public RunTimeStore(DataSource dataSource) {
        this.sql = new Sql(dataSource);
    }

    /** Adds {@code newSamples} (run times in ms, oldest first) to their models; returns every model's figures. */
    public Map<RunTimeKey, RunTimeHistogram> merge(Map<RunTimeKey, long[]> newSamples, Instant now) {
        List<RunTimeKey> keys = newSamples.keySet().stream()
                .sorted(Comparator.comparing(RunTimeKey::model).thenComparing(RunTimeKey::taskType)).toList();
        if (!keys.isEmpty()) {
            sql.inTransaction(c -> {
                for (RunTimeKey key : keys) {
                    RunTimeHistogram merged = lock(c, key, now).with(newSamples.get(key));
                    try (PreparedStatement ps = c.prepareStatement(SAVE)) {
                        Sql.bind(ps, merged.samples(), merged.encode(), now.toEpochMilli(), key.model(), key.taskType());
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        }
        return loadAll();
    }

    public Map<RunTimeKey, RunTimeHistogram> loadAll() {
        Map<RunTimeKey, RunTimeHistogram> all = new HashMap<>();
        sql.queryEach(ALL, rs -> all.put(new RunTimeKey(rs.getString(1), rs.getString(2)),
                RunTimeHistogram.decode(rs.getString(3))));
        return all;
    }

    private static RunTimeHistogram lock(Connection c, RunTimeKey key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CREATE)) {
            Sql.bind(ps, key.model(), key.taskType(), now.toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            Sql.bind(ps, key.model(), key.taskType());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? RunTimeHistogram.decode(rs.getString(1)) : RunTimeHistogram.empty();
            }
        }
    }
}
