package ai.piapi.collector.support;

import ai.piapi.collector.ledger.LedgerDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432, trust auth) for one test, dropped when closed.
 * Without a reachable server the test is skipped, unless {@code -Dcollector.test.postgres=required} (as
 * {@code .ci/run} sets it): then it fails. {@code -Dcollector.test.postgres.server} and {@code .user} point elsewhere.
 */
public final class PostgresDatabase implements AutoCloseable {
    private static final String SERVER = System.getProperty("collector.test.postgres.server", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = System.getProperty("collector.test.postgres.user", "postgres");

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    public static PostgresDatabase create() {
        String name = "collector_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String why = "no PostgreSQL at " + SERVER + " as " + USER + " (" + e.getMessage() + ")";
            if ("required".equals(System.getProperty("collector.test.postgres"))) {
                throw new AssertionError(why + "; .ci/run starts it", e);
            }
            Assumptions.abort(why + ": PostgreSQL tests skipped");
        }
        return new PostgresDatabase(name);
    }

    public String url() {
        return SERVER + name;
    }

    public String user() {
        return USER;
    }

    /** The settings that point a collector at this database. */
    public Map<String, String> ledgerSettings() {
        return Map.of("collector.ledger.url", url(), "collector.ledger.user", USER);
    }

    /** A pool on this database with the ledger's schema migrated, as the collector opens it. */
    public HikariDataSource open(int poolSize) {
        return LedgerDatabase.open(url(), USER, null, poolSize);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(SERVER + "postgres", USER, null);
    }
}
