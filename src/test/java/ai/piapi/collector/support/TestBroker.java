package ai.piapi.collector.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real broker a queue test publishes to and reads events from; the collector reaches it over TCP. */
public interface TestBroker extends AutoCloseable {

    /** A message as a plain client of this broker reads it: its body, its key (Kafka) and its content type (AMQP). */
    record Received(String body, String key, String contentType) {
    }

    /** The collector settings that take task IDs from {@code intake} and publish events to the two other destinations. */
    Map<String, String> collectorSettings(String intake, String completed, String deadLetter);

    /** Publishes with this broker's own client, the way an application around the collector would. */
    void publish(String destination, List<String> bodies) throws Exception;

    /** Every message on {@code destination} that arrives within {@code quiet} of the previous one. */
    List<Received> drain(String destination, Duration quiet) throws Exception;

    /** Messages still waiting on {@code destination}, or -1 when this broker cannot tell. */
    long waiting(String destination) throws Exception;

    /** Checks what this broker adds to an event beside its body ({@code subject}: the task ID, when there is one). */
    default void assertEventProperties(Received event, String subject) {
    }
}
