package ai.piapi.collector.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The global poll rate's row in the ledger: read under a row lock inside a claim, then advanced past the slots taken. */
final class PaceBucket {
    private static final String CREATE = "INSERT INTO poll_pace (bucket, next_slot_at_us) VALUES (?, 0) ON CONFLICT DO NOTHING";
    private static final String LOCK = "SELECT next_slot_at_us FROM poll_pace WHERE bucket = ? FOR UPDATE";
    private static final String ADVANCE = "UPDATE poll_pace SET next_slot_at_us = ? WHERE bucket = ?";

    private PaceBucket() {
    }

    /** The bucket's next free slot; its row stays locked (other instances' claims wait) until the transaction ends. */
    static long lock(Connection c, String bucket) throws SQLException {
        Long next = read(c, bucket);
        if (next == null) { // the first claim under this key: create the row, then lock it like any other
            try (PreparedStatement ps = c.prepareStatement(CREATE)) {
                Sql.bind(ps, bucket);
                ps.executeUpdate();
            }
            next = read(c, bucket);
        }
        return next;
    }

    private static Long read(Connection c, String bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            Sql.bind(ps, bucket);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    static void advance(Connection c, String bucket, long nextFree) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
            Sql.bind(ps, nextFree, bucket);
            ps.executeUpdate();
        }
    }
}
