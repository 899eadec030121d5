package ai.piapi.collector.webhook;

import ai.piapi.collector.task.PollClassifier;
import ai.piapi.collector.task.PollOutcome;
import ai.piapi.collector.http.RequestRefused;
import ai.piapi.collector.domain.Redactor;
import ai.piapi.collector.domain.Secrets;
import ai.piapi.collector.task.TaskId;
import ai.piapi.collector.task.Verdict;
import ai.piapi.collector.ledger.ClaimedTask;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskRecord;
import ai.piapi.collector.ledger.TaskState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code POST /webhooks/piapi}: checks the secret, reads PiAPI's {@code {"timestamp", "data"}} body, classifies
 * {@code data} with the poller's own {@link PollClassifier} and records the verdict under the task's lease; the
 * route answers at once and hands a final verdict to the poll's store pool, which captures, stores and settles it.
 * The task's lease in the ledger keeps a concurrent poll and this delivery from both acting on it; a final result
 * that meets a poll in flight waits in {@link DeferredResults} until the lease is free.
 */
public class WebhookReceiver {
    public static final String SOURCE = "webhook";

    private final WebhookSettings settings;
    private final Ledger ledger;
    private final PollClassifier classifier;
    private final ObjectMapper mapper;
    private final WebhookVerdicts verdicts;
    private final DeferredResults deferred;
    private final Consumer<String> onDelivery;
    private final Clock clock;

    /** {@code onDelivery} hears {@code accepted}, {@code duplicate} or {@code refused} once per delivery (metrics). */
    public WebhookReceiver(WebhookSettings settings, Ledger ledger, ObjectMapper mapper, WebhookVerdicts verdicts,
                           DeferredResults deferred, Consumer<String> onDelivery, Clock clock) {
        this(settings, ledger, mapper, verdicts, deferred, onDelivery, clock, Redactor.none());
    }

    /** {@code redactor}: the configured secrets, masked wherever a delivery quotes them (the task's own always are). */
    public WebhookReceiver(WebhookSettings settings, Ledger ledger, ObjectMapper mapper, WebhookVerdicts verdicts,
                           DeferredResults deferred, Consumer<String> onDelivery, Clock clock, Redactor redactor) {
        this.settings = settings;
        this.ledger = ledger;
        this.classifier = new PollClassifier(mapper, redactor);
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.verdicts = verdicts;
        this.deferred = deferred;
        this.onDelivery = onDelivery;
        this.clock = clock;
    }

    public WebhookReceipt receive(String presentedSecret, byte[] body) {
        PollOutcome outcome;
        try {
            if (!Secrets.matches(settings.secret(), presentedSecret)) {
                throw RequestRefused.unauthorised("missing or wrong x-webhook-secret");
            }
            outcome = read(body);
        } catch (RequestRefused refused) {
            onDelivery.accept("refused");
            throw refused;
        }
        WebhookReceipt receipt = settle(outcome);
        onDelivery.accept(switch (receipt.result()) {
            case WebhookReceipt.DUPLICATE -> "duplicate";
            case WebhookReceipt.IGNORED -> "refused";
            default -> "accepted";
        });
        return receipt;
    }

    /** The final results that waited for a poll in flight and can now be settled (a timer route calls this). */
    public List<Verdict> retryDeferred() {
        return deferred.retry(clock.instant(), verdicts::lease, verdicts::settle);
    }

    private PollOutcome read(byte[] body) {
        if (body == null || body.length == 0) {
            throw RequestRefused.malformed("empty body");
        }
        if (body.length > settings.maxBody()) {
            throw RequestRefused.tooLarge("body larger than " + settings.maxBody() + " bytes");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestRefused.malformed("body is not valid JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw RequestRefused.malformed("body cannot be read");
        }
        JsonNode data = tree == null ? null : tree.get("data");
        if (data == null || !data.isObject()) {
            throw RequestRefused.malformed("body has no \"data\" object");
        }
        JsonNode id = data.get("task_id");
        if (id == null || !id.isTextual() || !TaskId.isValid(id.asText())) {
            throw RequestRefused.malformed("data.task_id is missing or not a valid task ID");
        }
        ObjectNode envelope = mapper.createObjectNode().put("code", 200);
        envelope.set("data", data);
        PollOutcome outcome = classifier.classify(200, envelope.toString(), null);
        if (outcome.data() == null || !(outcome.is(PollOutcome.Kind.COMPLETED) || outcome.is(PollOutcome.Kind.RUNNING)
                || outcome.is(PollOutcome.Kind.FINAL_FAILURE))) {
            throw RequestRefused.malformed("data is not a task object");
        }
        return outcome;
    }

    private WebhookReceipt settle(PollOutcome outcome) {
        String taskId = outcome.data().path("task_id").asText();
        Instant now = clock.instant();
        Optional<TaskRecord> row = ledger.find(taskId);
        if (row.isEmpty() && !settings.acceptUnknown()) {
            return new WebhookReceipt(taskId, WebhookReceipt.IGNORED, outcome.status());
        }
        if (row.isPresent() && row.get().state() != TaskState.OPEN) {
            return new WebhookReceipt(taskId, WebhookReceipt.DUPLICATE, outcome.status());
        }
        Instant nextPoll = row.isPresent() ? row.get().nextPollAt() : now;
        Optional<ClaimedTask> claimed = row.isPresent() ? verdicts.lease(taskId, now) : verdicts.admitLeased(taskId, now);
        if (claimed.isEmpty()) {
            boolean isFinal = !outcome.is(PollOutcome.Kind.RUNNING);
            if (isFinal && !beingStored(taskId, outcome) && deferred.add(taskId, outcome, now)) {
                return new WebhookReceipt(taskId, WebhookReceipt.DEFERRED, outcome.status());
            }
            return new WebhookReceipt(taskId, WebhookReceipt.DUPLICATE, outcome.status());
        }
        Verdict verdict = verdicts.settle(claimed.get(), outcome, nextPoll, now);
        return verdict.settles() ? new WebhookReceipt(taskId, WebhookReceipt.ACCEPTED, outcome.status(), verdict, claimed.get())
                : new WebhookReceipt(taskId, WebhookReceipt.UPDATED, outcome.status());
    }

    /**
     * The lease is held and this final status is already recorded: an earlier delivery (or a poll) has it in the
     * store pool, or it was settled meanwhile. Nothing waits for a lease that is only let go once it is stored.
     */
    private boolean beingStored(String taskId, PollOutcome outcome) {
        return ledger.find(taskId).map(r -> r.state() != TaskState.OPEN
                || (outcome.status() != null && outcome.status().equalsIgnoreCase(r.lastStatus()))).orElse(false);
    }
}
