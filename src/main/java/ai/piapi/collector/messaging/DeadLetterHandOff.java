package ai.piapi.collector.messaging;

import ai.piapi.collector.task.DeadLetter;
import java.util.List;
import org.apache.camel.ProducerTemplate;

/**
 * Hands a queue message's refused parts to the dead-letter route, each in an exchange of its own. A failure there
 * (the folder cannot be written) then comes back as this step's own failure, which the intake-queue route's policy
 * holds and retries; called as a sub-route, the dead-letter route's error handler would have ended it as final.
 */
public class DeadLetterHandOff {
    private final ProducerTemplate producer;

    public DeadLetterHandOff(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Stores each record through {@code endpoint}; throws the first failure (CamelExecutionException, cause kept). */
    public void handOff(List<DeadLetter> refused, String endpoint) {
        for (DeadLetter record : refused) {
            producer.sendBody(endpoint, record);
        }
    }
}
