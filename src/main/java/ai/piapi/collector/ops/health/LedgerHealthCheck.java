package ai.piapi.collector.ops.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** DOWN when the ledger's database does not answer. */
public class LedgerHealthCheck extends CollectorHealthCheck {
    private static final int TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;

    public LedgerHealthCheck(DataSource dataSource) {
        super("ledger");
        this.dataSource = dataSource;
    }

    @Override
    protected Optional<String> problem() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(TIMEOUT_SECONDS) ? Optional.empty() : Optional.of("the ledger database does not answer");
        } catch (SQLException e) {
            return Optional.of("the ledger database is unreachable: " + e.getMessage());
        }
    }
}
