package ai.piapi.collector.settings;

import ai.piapi.collector.format.SafeUri;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Queue intake and event output settings, read and checked once at start-up. The JMS password is kept
 * only to build the connection factory: {@link #toString()} leaves it out.
 */
public record MessagingSettings(
        String intakeUri, String completedUri, String deadLetterUri,
        int publishBatch, Duration maxRetryDelay, int intakeRetryDelay, int intakeMaxRetryDelay,
        JmsProvider jmsProvider, String jmsBrokerUrl, String jmsUser, String jmsPassword, boolean plainAmqp) {

    /** The default intake URI: an in-memory queue that nothing writes to, so queue intake is off. */
    public static final String INTAKE_OFF = "seda:queue-intake-off";

    /** Which client {@code collector.jms.broker-url} is for. */
    public enum JmsProvider { ARTEMIS, RABBITMQ }

    public static MessagingSettings load(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        String intake = r.text("collector.intake.uri", INTAKE_OFF);
        int retryDelay = r.whole("collector.intake.retry-delay", "1000", 1);
        int maxRetryDelay = r.whole("collector.intake.max-retry-delay", "60000", 1);
        if (maxRetryDelay < retryDelay) {
            throw new ConfigurationException("collector.intake.max-retry-delay: " + maxRetryDelay
                    + " is less than collector.intake.retry-delay (" + retryDelay + ")");
        }
        return new MessagingSettings(intake,
                r.text("collector.completed.uri", ""),
                r.text("collector.dead-letter.uri", ""),
                r.whole("collector.events.batch-size", "100", 1),
                r.duration("collector.events.max-retry-delay", "5m"),
                retryDelay, maxRetryDelay,
                JmsProvider.valueOf(r.choice("collector.jms.provider", "artemis", "artemis", "rabbitmq")
                        .toUpperCase(Locale.ROOT)),
                r.text("collector.jms.broker-url", ""),
                r.text("collector.jms.user", ""),
                r.text("collector.jms.password", ""),
                r.flag("collector.jms.plain-amqp", "true"));
    }

    public boolean intakeOn() {
        return !INTAKE_OFF.equals(intakeUri);
    }

    /** How the intake queue is named in the ledger, in dead letters and in logs: never with its options or credentials. */
    public String intakeSource() {
        return SafeUri.of(intakeUri);
    }

    public boolean completedEventsOn() {
        return !completedUri.isBlank();
    }

    public boolean deadLetterEventsOn() {
        return !deadLetterUri.isBlank();
    }

    @Override
    public String toString() { // the record's own would print the password and the URIs' options
        return "MessagingSettings[intake=" + (intakeOn() ? intakeSource() : "off")
                + ", completedEvents=" + (completedEventsOn() ? SafeUri.of(completedUri) : "off")
                + ", deadLetterEvents=" + (deadLetterEventsOn() ? SafeUri.of(deadLetterUri) : "off")
                + ", jms=" + (jmsBrokerUrl.isBlank() ? "not configured here" : jmsProvider + " " + SafeUri.of(jmsBrokerUrl)) + "]";
    }
}
