package ai.piapi.collector.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real broker a queue test publishes to and reads events from; the collector reaches it over TCP. */
public interface TestBroker extends AutoCloseable {

    /** The collector settings that take task IDs from {@code intake} and publish events to the two other destinations. */
    Map<String, String> collectorSettings(String intake, String completed, String deadLetter);

    void publish(String destination, List<String> bodies) throws Exception;

    /** Every message on {@code destination} that arrives within {@code quiet} of the previous one. */
    List<String> drain(String destination, Duration quiet) throws Exception;

    /** Messages still waiting on {@code destination}, or -1 when this broker cannot tell. */
    long waiting(String destination) throws Exception;
}
