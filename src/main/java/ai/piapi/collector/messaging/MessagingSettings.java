package ai.piapi.collector.messaging;

import ai.piapi.collector.domain.ConfigurationException;
import ai.piapi.collector.domain.Durations;
import ai.piapi.collector.domain.SafeUri;
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
        String intake = text(lookup, "collector.intake.uri", INTAKE_OFF);
        if (intake.isBlank()) {
            throw new ConfigurationException("collector.intake.uri is empty: give an endpoint URI, or leave the default "
                    + INTAKE_OFF + " for no queue intake");
        }
        int retryDelay = whole(lookup, "collector.intake.retry-delay", "1000");
        int maxRetryDelay = whole(lookup, "collector.intake.max-retry-delay", "60000");
        if (maxRetryDelay < retryDelay) {
            throw new ConfigurationException("collector.intake.max-retry-delay: " + maxRetryDelay
                    + " is less than collector.intake.retry-delay (" + retryDelay + ")");
        }
        return new MessagingSettings(intake,
                text(lookup, "collector.completed.uri", ""),
                text(lookup, "collector.dead-letter.uri", ""),
                whole(lookup, "collector.events.batch-size", "100"),
                duration(lookup, "collector.events.max-retry-delay", "5m"),
                retryDelay, maxRetryDelay,
                provider(lookup),
                text(lookup, "collector.jms.broker-url", ""),
                text(lookup, "collector.jms.user", ""),
                text(lookup, "collector.jms.password", ""),
                flag(lookup, "collector.jms.plain-amqp", "true"));
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

    private static String text(Function<String, Optional<String>> lookup, String key, String fallback) {
        return lookup.apply(key).map(String::strip).orElse(fallback);
    }

    private static Duration duration(Function<String, Optional<String>> lookup, String key, String fallback) {
        try {
            Duration d = Durations.parse(text(lookup, key, fallback));
            if (d.isZero()) {
                throw new IllegalArgumentException("must be more than zero");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + ": " + e.getMessage());
        }
    }

    private static int whole(Function<String, Optional<String>> lookup, String key, String fallback) {
        String value = text(lookup, key, fallback);
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigurationException(key + ": '" + value + "' is not a whole number of at least 1");
    }

    private static boolean flag(Function<String, Optional<String>> lookup, String key, String fallback) {
        String value = text(lookup, key, fallback).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigurationException(key + ": '" + value + "' is not true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static JmsProvider provider(Function<String, Optional<String>> lookup) {
        String value = text(lookup, "collector.jms.provider", "artemis");
        try {
            return JmsProvider.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("collector.jms.provider: '" + value + "' is not artemis or rabbitmq");
        }
    }
}
