package ai.piapi.collector.ledger;

import java.sql.SQLException;

/**
 * The ledger's database is out of reach (down, unreachable, out of disk): an outage of the collector's surroundings.
 * The stage that meets it pauses and tries again; no task is counted or dead-lettered for it.
 */
public class LedgerUnavailable extends LedgerException {
    public LedgerUnavailable(SQLException cause) {
        super(cause);
    }

    /** The kind of error, for logging once per change: the database's error class. */
    public String kind() {
        return getCause().getClass().getSimpleName();
    }
}
