package ai.piapi.collector.support;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's ledger on the machine's PostgreSQL: one fresh database with the ledger's schema for the class
 * (skipped without a server, see {@link PostgresDatabase}), the named tables emptied before each test, dropped at
 * the end. Register it on a static field: {@code @RegisterExtension static PostgresLedger pg = new PostgresLedger(8, "task");}
 */
public final class PostgresLedger implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final int poolSize;
    private final String[] emptiedBeforeEach;
    private PostgresDatabase db;
    private HikariDataSource dataSource;

    public PostgresLedger(int poolSize, String... emptiedBeforeEach) {
        this.poolSize = poolSize;
        this.emptiedBeforeEach = emptiedBeforeEach;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public PostgresDatabase database() {
        return db;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db = PostgresDatabase.create();
        dataSource = db.open(poolSize);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (emptiedBeforeEach.length > 0) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("TRUNCATE " + String.join(", ", emptiedBeforeEach));
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (dataSource != null) {
            dataSource.close();
        }
        if (db != null) {
            db.close();
        }
    }
}
