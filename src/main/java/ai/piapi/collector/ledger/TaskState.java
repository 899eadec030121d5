package ai.piapi.collector.ledger;

import java.util.Locale;

/** Where a task stands in the ledger. */
public enum TaskState {
    OPEN, COMPLETED, DEAD;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskState ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
