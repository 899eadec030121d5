package ai.piapi.collector.ops.health;

import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.ledger.LedgerDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * DOWN when the ledger's database does not answer: the stages met it unreachable and have not reached it since, or
 * a connection to it now fails.
 */
public class LedgerHealthCheck extends CollectorHealthCheck {
    private static final int TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;

    public LedgerHealthCheck(DataSource dataSource) {
        super("ledger");
        this.dataSource = dataSource;
    }

    @Override
    protected Optional<String> problem() {
        Outage outage = LedgerDataSource.outageOf(dataSource);
        if (outage != null && outage.isDown()) {
            return outage.problem();
        }
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(TIMEOUT_SECONDS) ? Optional.empty() : Optional.of("the ledger database does not answer");
        } catch (SQLException e) {
            return Optional.of("the ledger database is unreachable: " + e.getMessage());
        }
    }
}
