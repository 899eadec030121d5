package ai.piapi.collector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** A database out of reach is an outage (the work waits); a statement it refused is not. */
class LedgerExceptionTest {

    @Test
    void aLostOrRefusedConnectionIsAnOutage() {
        assertThat(LedgerException.of(new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new EOFException()))).isInstanceOf(LedgerUnavailable.class);
        assertThat(LedgerException.of(new SQLTransientConnectionException("ledger - Connection is not available")))
                .isInstanceOf(LedgerUnavailable.class);
        assertThat(LedgerException.of(new SQLException("terminating connection due to administrator command", "57P01")))
                .isInstanceOf(LedgerUnavailable.class);
        assertThat(LedgerException.of(new SQLException("could not extend file: No space left on device", "53100")))
                .isInstanceOf(LedgerUnavailable.class);
    }

    @Test
    void aBatchAbortedByALostConnectionIsAnOutage() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "HY000", new int[0]);
        batch.setNextException(new SQLException("An I/O error occurred", "08006"));

        assertThat(LedgerException.of(batch)).isInstanceOf(LedgerUnavailable.class);
    }

    @Test
    void aRefusedStatementIsNot() {
        assertThat(LedgerException.of(new SQLException("duplicate key value", "23505"))).isNotInstanceOf(LedgerUnavailable.class);
        assertThat(LedgerException.of(new SQLException("value too long", "22001"))).isNotInstanceOf(LedgerUnavailable.class);
    }
}
