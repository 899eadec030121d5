package ai.piapi.collector.webhook;

import ai.piapi.collector.task.Verdict;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one webhook delivery did, as answered to PiAPI: {@code settled} (stored or dead-lettered now),
 * {@code updated} (not final: ledger and next poll updated), {@code deferred} (final, but a poll of the task is
 * in flight: settled as soon as it ends), {@code duplicate} (nothing to change) or {@code ignored} (unknown task,
 * {@code collector.webhook.accept-unknown=false}). {@link #verdict()} is what the route hands over, or null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookReceipt(@JsonProperty("task_id") String taskId, String result, String status,
                             @JsonIgnore Verdict verdict) {
    public static final String SETTLED = "settled";
    public static final String UPDATED = "updated";
    public static final String DEFERRED = "deferred";
    public static final String RETRYING = "retrying";
    public static final String DUPLICATE = "duplicate";
    public static final String IGNORED = "ignored";

    public WebhookReceipt withResult(String newResult) {
        return new WebhookReceipt(taskId, newResult, status, verdict);
    }

    @JsonIgnore
    public boolean hasVerdict() {
        return verdict != null;
    }
}
