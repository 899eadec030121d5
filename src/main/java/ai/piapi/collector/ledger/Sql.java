package ai.piapi.collector.ledger;

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

    Sql(DataSource dataSource) {
        this.dataSource = dataSource;
        this.group = null;
    }

    /** With {@code group}, every write (transactions and single updates) goes through it: see {@link GroupCommit}. */
    Sql(DataSource dataSource, GroupCommit group) {
        this.dataSource = dataSource;
        this.group = group;
    }

    <T> T inTransaction(Work<T> work) {
        if (group != null) {
            return group.run(work);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    int update(String statement, Object... args) {
        if (group != null) {
            return group.run(c -> {
                try (PreparedStatement ps = c.prepareStatement(statement)) {
                    bind(ps, args);
                    return ps.executeUpdate();
                }
            });
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    <T> Optional<T> queryOne(String query, Row<T> row, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    void queryEach(String query, Each each, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
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
