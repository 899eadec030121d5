package ai.piapi.collector.support;

import ai.piapi.collector.ledger.LedgerDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;

/** A fresh in-memory H2 ledger (PostgreSQL mode, the schema migrated) for one test. */
public final class MemoryLedger {
    private MemoryLedger() {
    }

    public static HikariDataSource open() {
        return LedgerDatabase.open("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", null, null, 2);
    }
}
