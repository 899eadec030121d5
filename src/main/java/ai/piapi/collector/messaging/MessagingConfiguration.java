package ai.piapi.collector.messaging;

import ai.piapi.collector.settings.MessagingSettings;
import ai.piapi.collector.schedule.Backoff;
import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.domain.Redactor;
import ai.piapi.collector.format.SafeUri;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.intake.MessageParser;
import ai.piapi.collector.intake.QueueIntake;
import ai.piapi.collector.ledger.Outbox;
import ai.piapi.collector.ledger.OutboxEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import ai.piapi.collector.wiring.Shared;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Wires queue intake and the event outputs: the beans the intake-queue, publish-events and watch-brokers routes
 * call, the JMS connection factory of {@code collector.jms.*}, and the {@code collector-brokers} health check.
 * Runs after {@code CollectorConfiguration}, whose ledger, tally and settings it uses.
 */
public class MessagingConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(MessagingConfiguration.class);

    private final Supplier<Shared> shared;

    /** {@code shared}: the pieces the collector's configuration made (it runs first). */
    public MessagingConfiguration(Supplier<Shared> shared) {
        this.shared = shared;
    }

    private BrokerStatus brokerStatus;

    /** The broker links' state (for the metrics); made by {@link #configure}. */
    public BrokerStatus brokerStatus() {
        return brokerStatus;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        MessagingSettings settings = MessagingSettings.load(context.getPropertiesComponent()::resolveProperty);
        Registry registry = context.getRegistry();
        Shared s = shared.get();
        CollectorSettings collector = s.settings();
        Tally tally = s.tally();
        Clock clock = s.clock();

        Set<String> secrets = new HashSet<>(List.of(collector.apiKey()));
        if (!settings.jmsPassword().isBlank()) {
            secrets.add(settings.jmsPassword());
        }
        BrokerStatus status = new BrokerStatus(clock, text -> Redactor.scrub(text, secrets));
        status.declare(BrokerWatch.INTAKE, settings.intakeSource(), settings.intakeOn());
        status.declare(OutboxRelay.link(OutboxEvent.COMPLETED), SafeUri.of(settings.completedUri()), settings.completedEventsOn());
        status.declare(OutboxRelay.link(OutboxEvent.DEAD_LETTER), SafeUri.of(settings.deadLetterUri()), settings.deadLetterEventsOn());

        Set<String> channels = new HashSet<>();
        if (settings.completedEventsOn()) {
            channels.add(OutboxEvent.COMPLETED);
        }
        if (settings.deadLetterEventsOn()) {
            channels.add(OutboxEvent.DEAD_LETTER);
        }
        Backoff retry = new Backoff(Duration.ofSeconds(1), 2.0, settings.maxRetryDelay(), () -> ThreadLocalRandom.current().nextDouble());

        registry.bind("brokerStatus", status);
        this.brokerStatus = status;
        IntakeGuard guard = new IntakeGuard(settings.intakeSource(), status::redact, clock);
        registry.bind("intakeGuard", guard);
        registry.bind("heldMessages", new HeldMessages(guard));
        ProducerTemplate deadLetters = context.createProducerTemplate();
        context.addService(deadLetters, true, false); // stopped with Camel
        registry.bind("deadLetterHandOff", new DeadLetterHandOff(deadLetters));
        registry.bind("queueIntake", new QueueIntake(new MessageParser(s.mapper()), s.ledger(), settings.intakeSource(),
                collector.taskDeadline(), tally, clock));
        Outbox outbox = new Outbox(s.ledgerData());
        if (collector.embeddedLedger()) {
            outbox.releaseAll(clock.instant()); // the H2 file admits one process: claims left by a crash are stale
        }
        registry.bind("outboxRelay", new OutboxRelay(outbox, channels, status, settings.publishBatch(), retry, clock));
        registry.bind("brokerWatch", new BrokerWatch(context, status, settings.intakeOn()));
        registry.bind("collector-brokers", new BrokerHealthCheck(status)); // Camel's health registry finds it here
        // every JMS endpoint (intake and outputs) reads messages whose standard headers the provider cannot read
        context.getCamelContextExtension().registerEndpointCallback((uri, endpoint) -> {
            if (endpoint instanceof JmsEndpoint jmsEndpoint) {
                jmsEndpoint.setBinding(new TolerantJmsBinding(jmsEndpoint));
            }
            return endpoint;
        });
        if (!settings.jmsBrokerUrl().isBlank()) {
            CachingConnectionFactory factory = JmsConnectionFactories.create(settings);
            JmsComponent jms = context.getComponent("jms", JmsComponent.class);
            jms.setConnectionFactory(factory);
            if (settings.jmsProvider() == MessagingSettings.JmsProvider.RABBITMQ && settings.plainAmqp()) {
                jms.setDestinationResolver(new PlainAmqpQueues());
            }
            destroyOnStop(context, factory);
        }
        LOG.info("messaging: {}", settings);
    }

    private static void destroyOnStop(CamelContext context, CachingConnectionFactory factory) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                factory.destroy();
            }
        }, true, true);
    }
}
