package ai.piapi.collector.ledger;

import ai.piapi.collector.domain.Outage;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The ledger's connection pool, carrying the {@link Outage} its users report to: every statement the ledger runs
 * through it marks the database reachable or not, so the outage is logged once, however many stages meet it.
 */
public final class LedgerDataSource extends HikariDataSource {
    private final Outage outage;

    LedgerDataSource(HikariConfig config, Outage outage) {
        super(config);
        this.outage = outage;
    }

    public Outage outage() {
        return outage;
    }

    /** The outage {@code dataSource} reports to, or null for a plain data source (tests). */
    public static Outage outageOf(javax.sql.DataSource dataSource) {
        return dataSource instanceof LedgerDataSource l ? l.outage : null;
    }
}
