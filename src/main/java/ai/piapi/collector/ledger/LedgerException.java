package ai.piapi.collector.ledger;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** The ledger could not be read or written; the message is the database's (it never holds task data). */
public class LedgerException extends RuntimeException {
    private static final Set<Integer> H2_OUTAGES = Set.of(50000, 90028, 90030, 90031, 90098, 90121, 90135);

    public LedgerException(Throwable cause) {
        super("ledger: " + cause.getMessage(), cause);
    }

    /** The exception for {@code e}: a {@link LedgerUnavailable} when the database itself is out of reach. */
    static LedgerException of(SQLException e) {
        return unreachable(e) ? new LedgerUnavailable(e) : new LedgerException(e);
    }

    /**
     * True for the database being out of reach (connection refused or lost, pool timeout, server shutting down, out
     * of disk or memory), as opposed to a statement it refused. Those are outages: the work waits and is tried again.
     */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && unreachableAlone(s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unreachableAlone(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s instanceof SQLTransientException || s instanceof SQLRecoverableException
                    || s instanceof SQLNonTransientConnectionException) {
                return true;
            }
            String state = s.getSQLState() == null ? "" : s.getSQLState();
            // 08 connection, 53 resources, 57 operator intervention, 58 system error (PostgreSQL and the standard)
            if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("58")) {
                return true;
            }
            // H2: general (file) error, I/O error, database closed or shutting down, file locked or corrupt
            if (s.getClass().getName().startsWith("org.h2.") && H2_OUTAGES.contains(s.getErrorCode())) {
                return true;
            }
            if (s.getNextException() == s) {
                break;
            }
        }
        return false;
    }

}
