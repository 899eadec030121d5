package ai.piapi.collector.ledger;

/** The ledger could not be read or written; the message is the database's (it never holds task data). */
public class LedgerException extends RuntimeException {
    public LedgerException(Throwable cause) {
        super("ledger: " + cause.getMessage(), cause);
    }
}
