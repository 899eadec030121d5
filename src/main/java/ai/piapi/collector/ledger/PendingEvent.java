package ai.piapi.collector.ledger;

/** An outbox row claimed for publishing. */
public record PendingEvent(long id, String channel, String key, String payload, int attempts) {
}
