package ai.piapi.collector.ledger;

import ai.piapi.collector.schedule.PollPace;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The ledger in plain JDBC; the same SQL runs on H2 (PostgreSQL mode) and PostgreSQL. */
public class JdbcLedger implements Ledger, AutoCloseable {
    private static final String POLLED = "UPDATE task SET polls = ?, transient_errors = ?, next_poll_at = ?,"
            + " lease_owner = CASE WHEN ? THEN lease_owner ELSE NULL END, lease_until = ?,"
            + " last_status = COALESCE(?, last_status), last_http_status = ?, last_error = ?,"
            + " last_data = COALESCE(?, last_data), model = COALESCE(?, model), task_type = COALESCE(?, task_type)"
            + " WHERE task_id = ? AND state = 'open' AND lease_owner = ?";
    private static final String EXTEND = "UPDATE task SET lease_until = ?, next_poll_at = ?"
            + " WHERE task_id = ? AND state = 'open' AND lease_owner = ?";
    private static final String PAGE = "SELECT * FROM task WHERE (CAST(? AS VARCHAR) IS NULL OR state = ?) AND task_id > ?"
            + " ORDER BY task_id LIMIT ?";
    private static final String SETTLE = "UPDATE task SET state = ?, reason = ?, location = ?, settled_at = ?,"
            + " lease_owner = NULL, lease_until = NULL, polls = GREATEST(polls, ?), last_status = COALESCE(?, last_status),"
            + " last_http_status = COALESCE(?, last_http_status), last_data = COALESCE(?, last_data),"
            + " model = COALESCE(?, model), task_type = COALESCE(?, task_type) WHERE task_id = ? AND state = 'open'";

    private final DataSource dataSource;
    private final GroupCommit group;
    private final Sql sql;
    private final Claims claims;

    public JdbcLedger(DataSource dataSource) {
        this(dataSource, PollPace.UNLIMITED, Clock.systemUTC());
    }

    /**
     * A ledger whose claims also book poll slots under the global rate {@code pace}; {@code clock} is read once the
     * rate's row is locked, so a claim that waited for the lock books no slot in the past.
     */
    public JdbcLedger(DataSource dataSource, PollPace pace, Clock clock) {
        this(dataSource, pace, clock, false);
    }

    /**
     * {@code embedded}: the ledger is the embedded H2 file of one process: its writes share commits
     * ({@link GroupCommit}) and claims need no row locks ({@link Claims}); not for a ledger several instances share.
     */
    public JdbcLedger(DataSource dataSource, PollPace pace, Clock clock, boolean embedded) {
        this.dataSource = dataSource;
        this.group = embedded ? new GroupCommit(dataSource, "ledger", GroupCommit.MAX_WAIT, new H2Upkeep()) : null;
        this.sql = new Sql(dataSource, group);
        this.claims = new Claims(pace, clock, embedded);
    }

    @Override
    public AdmitResult admit(Collection<String> taskIds, String source, Instant now, Instant deadline) {
        return admit(taskIds, source, now, deadline, null);
    }

    @Override
    public AdmitResult admit(Collection<String> taskIds, String source, Instant now, Instant deadline,
                             Instant reopenDeadUntil) {
        return sql.inTransaction(c -> Admissions.admit(c, taskIds, source, now, deadline, reopenDeadUntil));
    }

    @Override
    public Optional<ClaimedTask> admitLeased(String taskId, String source, Instant now, Instant deadline, String owner,
                                             Instant leaseUntil) {
        return sql.inTransaction(c -> {
            Admissions.admit(c, List.of(taskId), source, now, deadline, null);
            return Claims.leaseOne(c, taskId, now, owner, leaseUntil);
        });
    }

    @Override
    public List<ClaimedTask> claimDue(int limit, Instant now, String owner, Instant leaseUntil) {
        return sql.inTransaction(c -> claims.claimDue(c, limit, now, owner, leaseUntil));
    }

    @Override
    public boolean recordPoll(String taskId, String owner, PollRecord p) {
        boolean keepLease = p.leaseUntil() != null;
        Object leaseUntil = keepLease ? p.leaseUntil().toEpochMilli() : Sql.NULL_BIGINT;
        return sql.update(POLLED, p.polls(), p.transientErrors(), p.nextPollAt().toEpochMilli(), keepLease, leaseUntil,
                p.lastStatus(), p.httpStatus() == null ? Sql.NULL_INTEGER : p.httpStatus(), p.lastError(), p.lastData(), p.model(), p.taskType(), taskId, owner) == 1;
    }

    @Override
    public boolean extendLease(String taskId, String owner, Instant leaseUntil) {
        return sql.update(EXTEND, leaseUntil.toEpochMilli(), leaseUntil.toEpochMilli(), taskId, owner) == 1;
    }

    @Override
    public boolean settle(String taskId, TaskState state, String reason, String location, Instant now,
                          Collection<OutboxEvent> events, PollRecord p) {
        return sql.inTransaction(c -> {
            boolean moved;
            try (PreparedStatement ps = c.prepareStatement(SETTLE)) {
                Sql.bind(ps, state.column(), reason, location, now.toEpochMilli(), p == null ? 0 : p.polls(),
                        p == null ? null : p.lastStatus(), p == null || p.httpStatus() == null ? Sql.NULL_INTEGER : p.httpStatus(),
                        p == null ? null : p.lastData(), p == null ? null : p.model(), p == null ? null : p.taskType(), taskId);
                moved = ps.executeUpdate() == 1;
            }
            if (moved) {
                String kind = state == TaskState.COMPLETED ? "completed" : "dead_lettered";
                Admissions.event(c, taskId, now, kind, reason);
                Outbox.insert(c, events, now);
            }
            return moved;
        });
    }

    @Override
    public void addEvents(Collection<OutboxEvent> events, Instant now) {
        new Outbox(dataSource).add(events, now);
    }

    @Override
    public Optional<TaskRecord> find(String taskId) {
        return sql.queryOne("SELECT * FROM task WHERE task_id = ?", TaskRows::read, taskId);
    }

    @Override
    public Optional<ClaimedTask> lease(String taskId, Instant now, String owner, Instant leaseUntil) {
        return sql.inTransaction(c -> Claims.leaseOne(c, taskId, now, owner, leaseUntil));
    }

    @Override
    public List<TaskRecord> list(TaskState state, String after, int limit) {
        List<TaskRecord> page = new ArrayList<>();
        sql.queryEach(PAGE, rs -> page.add(TaskRows.read(rs)), state == null ? null : state.column(),
                state == null ? null : state.column(), after == null ? "" : after, limit);
        return page;
    }

    @Override
    public Map<TaskState, Long> countByState() {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (TaskState s : TaskState.values()) {
            counts.put(s, 0L);
        }
        sql.queryEach("SELECT state, COUNT(*) FROM task GROUP BY state",
                rs -> counts.put(TaskState.ofColumn(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    @Override
    public boolean hasOpen() {
        return sql.queryOne("SELECT 1 FROM task WHERE state = 'open' LIMIT 1", rs -> true).isPresent();
    }

    @Override
    public int releaseAllLeases() {
        return sql.update("UPDATE task SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public boolean writerRunning() {
        return group == null || group.running();
    }

    /** Stops the embedded ledger's writer (shutdown); writes still waiting fail. */
    @Override
    public void close() {
        if (group != null) {
            group.close();
        }
    }
}
