package ai.piapi.collector.messaging;

import ai.piapi.collector.task.DeadLetter;
import ai.piapi.collector.intake.MessageParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the intake-queue route does around {@code queueIntake} when a message cannot be taken. The message's own
 * fault (a body no conversion reads) ends, after a few tries, as a dead letter with the raw body, and the message
 * is acknowledged. A fault of the collector's surroundings (the ledger, the dead-letter folder) is not the
 * message's: the route holds it unacknowledged and retries with backoff, and this says so once per outage, not
 * once per retry.
 */
public class IntakeGuard {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeGuard.class);

    private final String source;
    private final UnaryOperator<String> redact;
    private final Clock clock;
    private boolean paused;

    /** {@code source} names the intake in dead letters (no options, no credentials); {@code redact} scrubs secrets. */
    public IntakeGuard(String source, UnaryOperator<String> redact, Clock clock) {
        this.source = source;
        this.redact = redact;
        this.clock = clock;
    }

    /** The body as text: bytes as UTF-8 (whatever the JVM's default), text as is; anything else is unreadable. */
    public String text(Object body) {
        if (body == null) {
            throw new UnreadableMessage("the message has no body a client can read (a Kafka record without a value,"
                    + " a JMS message of no body type): send the task IDs as text or bytes");
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (body instanceof CharSequence text) {
            return text.toString();
        }
        throw new UnreadableMessage("the message body is a " + body.getClass().getName()
                + ", not text or bytes (send a text or bytes message)");
    }

    /** The dead letter for a message that still failed after its tries: its raw body as far as it can be read. */
    public List<DeadLetter> unreadable(Object body, Throwable failure) {
        String raw;
        try {
            raw = body == null ? "" : body instanceof byte[] || body instanceof CharSequence ? text(body) : String.valueOf(body);
        } catch (RuntimeException unreadableToo) {
            raw = "";
        }
        String why = failure instanceof UnreadableMessage ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return List.of(DeadLetter.invalidInput(raw, source, MessageParser.WHOLE_MESSAGE,
                "message could not be taken: " + redact.apply(why), clock.instant()));
    }

    /** A retry of a message held for an outage of the collector's surroundings: one log line per outage. */
    public synchronized void held(Throwable cause) {
        if (!paused) {
            paused = true;
            LOG.warn("queue intake {} paused: {}; the message stays on the broker, unacknowledged, and is tried again"
                    + " with backoff until it can be taken", source, cause == null ? "unknown failure" : redact.apply(BrokerWatch.rootCause(cause)));
        }
    }

    /** A message was taken: the end of an outage, if there was one. */
    public synchronized void taken() {
        if (paused) {
            paused = false;
            LOG.info("queue intake {} resumed", source);
        }
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /** The message's body cannot be read as task IDs by any means: its own fault, never retried for long. */
    public static class UnreadableMessage extends RuntimeException {
        public UnreadableMessage(String message) {
            super(message);
        }
    }
}
