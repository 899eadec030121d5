package ai.piapi.collector.ledger;

/** An event waiting in the outbox: {@code channel} names the configured destination, {@code payload} is JSON. */
public record OutboxEvent(String channel, String key, String payload) {
    public static final String COMPLETED = "completed";
    public static final String DEAD_LETTER = "dead-letter";
}
