package ai.piapi.collector.ledger;

import ai.piapi.collector.domain.Outage;
import com.zaxxer.hikari.HikariConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/** Opens the ledger's database (embedded H2 file, or a JDBC URL such as PostgreSQL) and migrates its schema. */
public final class LedgerDatabase {
    private LedgerDatabase() {
    }

    /**
     * H2 in PostgreSQL mode runs the same SQL; WRITE_DELAY=0 makes every commit reach the file at once (kill -9 safe).
     * RETENTION_TIME=0 lets H2 reuse a dead chunk's space at once instead of 45 s later (at tens of MB written per
     * second that delay alone held gigabytes); safe because the ledger's writer forces each commit to the disk
     * before the space it frees can be reused ({@link H2Upkeep}).
     */
    public static String embeddedUrl(Path stateDir) {
        return "jdbc:h2:file:" + stateDir.resolve("ledger").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * The few migrations whose SQL differs between the two databases (the operator views: text to JSON), one copy per
     * database under {@code db/vendor/}; everything else is the same SQL in {@code db/migration}.
     */
    static String vendorMigrations(String url) {
        return url.startsWith("jdbc:h2:") ? "classpath:db/vendor/h2" : "classpath:db/vendor/postgresql";
    }


    /** How long a statement waits for a connection before the ledger counts as unreachable. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** PostgreSQL: the longest silence on a connection (a network that drops packets instead of refusing). */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    public static LedgerDataSource open(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, new Outage("the ledger database (" + safe(url) + ")",
                "the stages that need it pause", Clock.systemUTC()));
    }

    /** Opens the pool; every statement run through it reports to {@code outage}. */
    public static LedgerDataSource open(String url, String user, String password, int poolSize, Outage outage) {
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
        // no wait is unbounded: a connection comes within 10 s or the ledger counts as unreachable for this attempt
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        if (url.startsWith("jdbc:postgresql:")) {
            setUnlessInUrl(config, url, "connectTimeout", CONNECTION_TIMEOUT.toSeconds());
            setUnlessInUrl(config, url, "socketTimeout", SOCKET_TIMEOUT.toSeconds());
            setUnlessInUrl(config, url, "tcpKeepAlive", "true");
        }
        LedgerDataSource dataSource = new LedgerDataSource(config, outage);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", vendorMigrations(url)).load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    /** The URL without its parameters (which may hold a password), for logs and health. */
    public static String safe(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return url.substring(0, cut);
    }

    /** A driver property the operator's URL did not set already. */
    private static void setUnlessInUrl(HikariConfig config, String url, String name, Object value) {
        if (!url.toLowerCase(java.util.Locale.ROOT).contains(name.toLowerCase(java.util.Locale.ROOT) + "=")) {
            config.addDataSourceProperty(name, String.valueOf(value));
        }
    }
}
