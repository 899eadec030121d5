package ai.piapi.collector.ledger;

import ai.piapi.collector.domain.Outage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import javax.sql.DataSource;

/** The little JDBC plumbing the ledger needs: transactions, binding, one-row and each-row queries. */
final class Sql {
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    interface Each {
        void accept(ResultSet rs) throws SQLException;
    }

    /** A null of a known SQL type (PostgreSQL will not guess one). */
    record TypedNull(int sqlType) {
    }

    static final TypedNull NULL_BIGINT = new TypedNull(Types.BIGINT);
    static final TypedNull NULL_INTEGER = new TypedNull(Types.INTEGER);

    private final DataSource dataSource;
    private final GroupCommit group;
    private final Outage outage;

    Sql(DataSource dataSource) {
        this(dataSource, null);
    }

    /** With {@code group}, every write (transactions and single updates) goes through it: see {@link GroupCommit}. */
    Sql(DataSource dataSource, GroupCommit group) {
        this.dataSource = dataSource;
        this.group = group;
        this.outage = LedgerDataSource.outageOf(dataSource);
    }

    <T> T inTransaction(Work<T> work) {
        try {
            T result = group != null ? group.run(work) : transaction(work);
            reached();
            return result;
        } catch (LedgerException e) {
            throw missed(e);
        }
    }

    private <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                c.setAutoCommit(true);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw LedgerException.of(e);
        }
    }

    /**
     * Rolls back after {@code failure}; a connection the failure broke fails here too, and that must not hide the
     * failure itself (a broken connection says "closed", the failure says why).
     */
    static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException alsoBroken) {
            failure.addSuppressed(alsoBroken);
        }
    }

    int update(String statement, Object... args) {
        Work<Integer> work = c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        };
        return group != null ? inTransaction(work) : withConnection(work);
    }

    <T> Optional<T> queryOne(String query, Row<T> row, Object... args) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
                }
            }
        });
    }

    void queryEach(String query, Each each, Object... args) {
        withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(rs);
                    }
                }
            }
            return null;
        });
    }

    /** One statement on a connection of its own (auto-commit). */
    private <T> T withConnection(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            T result = work.run(c);
            reached();
            return result;
        } catch (SQLException e) {
            throw missed(LedgerException.of(e));
        } catch (LedgerException e) {
            throw missed(e);
        }
    }

    private void reached() {
        if (outage != null) {
            outage.recovered();
        }
    }

    /** Reports an unreachable database to the outage (which logs it once); hands {@code e} back to throw. */
    private LedgerException missed(LedgerException e) {
        if (e instanceof LedgerUnavailable unavailable) {
            if (outage != null) {
                outage.failed(unavailable.kind(), unavailable.kind() + ": " + unavailable.getCause().getMessage());
            }
        } else {
            reached(); // the database answered, if only to refuse a statement
        }
        return e;
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof TypedNull n) {
                ps.setNull(i + 1, n.sqlType());
            } else if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }
}
