package ai.piapi.collector.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** Opens the ledger's database (embedded H2 file, or a JDBC URL such as PostgreSQL) and migrates its schema. */
public final class LedgerDatabase {
    private LedgerDatabase() {
    }

    /** H2 in PostgreSQL mode runs the same SQL; WRITE_DELAY=0 makes every commit reach the file at once (kill -9 safe). */
    public static String embeddedUrl(Path stateDir) {
        return "jdbc:h2:file:" + stateDir.resolve("ledger").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * The few migrations whose SQL differs between the two databases (the operator views: text to JSON), one copy per
     * database under {@code db/vendor/}; everything else is the same SQL in {@code db/migration}.
     */
    static String vendorMigrations(String url) {
        return url.startsWith("jdbc:h2:") ? "classpath:db/vendor/h2" : "classpath:db/vendor/postgresql";
    }

    public static HikariDataSource open(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(Math.max(2, poolSize)); // Flyway holds one connection while it migrates on another
        config.setPoolName("ledger");
        config.setAutoCommit(true);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", vendorMigrations(url)).load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }
}
