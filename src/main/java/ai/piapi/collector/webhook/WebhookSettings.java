package ai.piapi.collector.webhook;

import java.time.Duration;

/**
 * What the webhook receiver needs to know.
 *
 * @param secret        {@code collector.webhook.secret}; empty refuses every delivery
 * @param acceptUnknown {@code collector.webhook.accept-unknown}: add a task the ledger has not seen
 * @param maxBody       {@code collector.webhook.max-body}, bytes
 * @param taskDeadline  {@code collector.task-deadline}, for tasks the webhook adds
 * @param lease         {@code collector.ledger.lease}: how long a delivery holds a task while settling it
 * @param owner         this instance's name in leases (the poller's own)
 */
public record WebhookSettings(String secret, boolean acceptUnknown, long maxBody, Duration taskDeadline,
                              Duration lease, String owner) {

    @Override
    public String toString() { // the record's own would print the secret
        return "WebhookSettings[secret=" + (secret == null || secret.isEmpty() ? "unset" : "***")
                + ", acceptUnknown=" + acceptUnknown + ", maxBody=" + maxBody + ", owner=" + owner + "]";
    }
}
