package ai.piapi.collector.poll;

import ai.piapi.collector.ledger.ClaimedTask;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Turns a claimed task into PiAPI's {@code GET /api/v1/task/<task_id>}: nothing else of the exchange travels with it. */
public class PiapiRequest {
    static final String API_KEY_HEADER = "X-API-Key";

    private final String apiKey;

    public PiapiRequest(String apiKey) {
        this.apiKey = apiKey;
    }

    public void prepare(ClaimedTask task, Exchange exchange) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_PATH, task.taskId());
        message.setHeader(API_KEY_HEADER, apiKey);
        message.setBody(null);
    }
}
