package ai.piapi.collector.ledger;

import ai.piapi.collector.schedule.PollPace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Taking tasks for a poll, inside the ledger's transactions: due tasks under {@code FOR UPDATE SKIP LOCKED} (two
 * instances never take the same one), each booked a slot under the global poll rate, or one given task for a
 * pushed result. A lease keeps other claims off a task until it runs out.
 */
final class Claims {
    // ORDER BY the index's own columns (state is fixed): H2 then reads the index in order and stops at the limit
    private static final String CLAIMED = "SELECT task_id, polls, transient_errors, first_seen_at, deadline_at FROM task";
    private static final String DUE = CLAIMED
            + " WHERE state = 'open' AND next_poll_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
            + " ORDER BY state, next_poll_at LIMIT ?";
    private static final String DUE_LOCKED = DUE + " FOR UPDATE SKIP LOCKED";
    private static final String LEASE = "UPDATE task SET lease_owner = ?, lease_until = ? WHERE task_id = ?"
            + " AND state = 'open' AND (lease_until IS NULL OR lease_until < ?)";
    private static final String CLAIMED_ONE = CLAIMED + " WHERE task_id = ?";

    private final PollPace pace;
    private final Clock clock;
    private final boolean alone;

    /**
     * {@code clock} is read once the rate's row is locked, so a claim that waited for the lock books no slot in the
     * past. {@code alone}: one process owns the ledger (embedded H2), so due tasks are read in index order and then
     * leased each by a conditional update; H2 would read every due row to honour {@code FOR UPDATE} with a limit (a
     * full scan with 100,000 open tasks). On a shared ledger {@code FOR UPDATE SKIP LOCKED} keeps instances apart.
     */
    Claims(PollPace pace, Clock clock, boolean alone) {
        this.pace = pace;
        this.clock = clock;
        this.alone = alone;
    }

    List<ClaimedTask> claimDue(Connection c, int limit, Instant now, String owner, Instant leaseUntil) throws SQLException {
        long nextFree = pace.limited() ? PaceBucket.lock(c, pace.bucket()) : 0;
        long nowUs = pace.limited() ? Math.max(micros(now), micros(clock.instant())) : micros(now);
        int room = pace.admits(limit, nowUs, nextFree);
        if (room <= 0) {
            return List.of();
        }
        List<ClaimedTask> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(alone ? DUE : DUE_LOCKED)) {
            Sql.bind(ps, now.toEpochMilli(), now.toEpochMilli(), room);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(claimed(rs, leaseUntil, now));
                }
            }
        }
        List<ClaimedTask> due = new ArrayList<>();
        if (!candidates.isEmpty()) {
            int[] leased;
            try (PreparedStatement ps = c.prepareStatement(LEASE)) {
                for (ClaimedTask t : candidates) {
                    Sql.bind(ps, owner, leaseUntil.toEpochMilli(), t.taskId(), now.toEpochMilli());
                    ps.addBatch();
                }
                leased = ps.executeBatch();
            }
            for (int i = 0; i < candidates.size(); i++) {
                if (leased[i] > 0 || leased[i] == java.sql.Statement.SUCCESS_NO_INFO) {
                    ClaimedTask t = candidates.get(i);
                    long slot = pace.slot(nowUs, nextFree, due.size());
                    due.add(new ClaimedTask(t.taskId(), t.polls(), t.transientErrors(), t.firstSeenAt(), t.deadlineAt(),
                            leaseUntil, Instant.EPOCH.plus(slot, ChronoUnit.MICROS)));
                }
            }
        }
        if (pace.limited() && !due.isEmpty()) {
            PaceBucket.advance(c, pace.bucket(), pace.nextFreeAfter(nowUs, nextFree, due.size()));
        }
        return due;
    }

    static Optional<ClaimedTask> leaseOne(Connection c, String taskId, Instant now, String owner, Instant leaseUntil)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LEASE)) {
            Sql.bind(ps, owner, leaseUntil.toEpochMilli(), taskId, now.toEpochMilli());
            if (ps.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(CLAIMED_ONE)) {
            Sql.bind(ps, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(claimed(rs, leaseUntil, now));
            }
        }
    }

    /** A row of {@link #CLAIMED}, leased until {@code leaseUntil}, its poll due {@code at}. */
    private static ClaimedTask claimed(ResultSet rs, Instant leaseUntil, Instant at) throws SQLException {
        return new ClaimedTask(rs.getString(1), rs.getInt(2), rs.getInt(3), Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5)), leaseUntil, at);
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
