package ai.piapi.collector.webhook;

import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.task.Verdict;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one webhook delivery did, as answered to PiAPI: {@code accepted} (final: recorded and leased, stored or
 * dead-lettered by the store pool after the answer), {@code updated} (not final: ledger and next poll updated), {@code deferred} (final, but a poll of the task is
 * in flight: settled as soon as it ends), {@code duplicate} (nothing to change) or {@code ignored} (unknown task,
 * {@code collector.webhook.accept-unknown=false}). {@link #verdict()} is what the route hands over to the store
 * pool, or null; {@link #task()} the lease this delivery holds for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookReceipt(@JsonProperty("task_id") String taskId, String result, String status,
                             @JsonIgnore Verdict verdict, @JsonIgnore ClaimedTask task) {
    public static final String ACCEPTED = "accepted";
    public static final String UPDATED = "updated";
    public static final String DEFERRED = "deferred";
    public static final String DUPLICATE = "duplicate";
    public static final String IGNORED = "ignored";

    WebhookReceipt(String taskId, String result, String status) {
        this(taskId, result, status, null, null);
    }

    @JsonIgnore
    public boolean hasVerdict() {
        return verdict != null;
    }
}
