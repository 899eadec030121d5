package ai.piapi.collector.support;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A real ActiveMQ Artemis broker inside the test JVM, with a TCP acceptor on a free local port so that a
 * collector in another JVM reaches it too. Redelivers without limit, as the collector's at-least-once relies on.
 */
public final class ArtemisBroker implements TestBroker {
    private final int port;
    private EmbeddedActiveMQ server;

    private ArtemisBroker(int port) {
        this.port = port;
    }

    public static ArtemisBroker start() throws Exception {
        ArtemisBroker broker = new ArtemisBroker(freePort());
        broker.startAgain();
        return broker;
    }

    /** A broker that is not running yet: its URL refuses connections until {@link #startAgain()}. */
    public static ArtemisBroker notStarted() throws IOException {
        return new ArtemisBroker(freePort());
    }

    public void startAgain() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port)
                .addAddressSetting("#", new AddressSettings().setMaxDeliveryAttempts(-1).setRedeliveryDelay(100)
                        .setAutoCreateQueues(true).setAutoCreateAddresses(true));
        server = new EmbeddedActiveMQ().setConfiguration(config);
        server.start();
    }

    public void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public java.util.Map<String, String> collectorSettings(String intake, String completed, String deadLetter) {
        return java.util.Map.of("collector.jms.broker-url", url(), "collector.intake.uri", "jms:queue:" + intake,
                "collector.completed.uri", "jms:queue:" + completed, "collector.dead-letter.uri", "jms:queue:" + deadLetter);
    }

    /**
     * Publishes with Artemis' own core client, as a non-JMS application would: the queue declared (anycast, durable),
     * then text messages and bytes messages in turn, persistent, in one transaction.
     */
    @Override
    public void publish(String destination, List<String> bodies) throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(url());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(false, false)) {
            if (!session.queueQuery(SimpleString.of(destination)).isExists()) {
                session.createQueue(QueueConfiguration.of(destination).setRoutingType(RoutingType.ANYCAST).setDurable(true));
            }
            try (ClientProducer producer = session.createProducer(destination)) {
                for (int i = 0; i < bodies.size(); i++) {
                    ClientMessage message;
                    if (i % 2 == 0) {
                        message = session.createMessage(Message.TEXT_TYPE, true);
                        message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(bodies.get(i)));
                    } else {
                        message = session.createMessage(Message.BYTES_TYPE, true);
                        message.getBodyBuffer().writeBytes(bodies.get(i).getBytes(StandardCharsets.UTF_8));
                    }
                    message.setRoutingType(RoutingType.ANYCAST);
                    producer.send(message);
                }
            }
            session.commit();
        }
    }

    @Override
    public List<Received> drain(String destination, java.time.Duration quiet) throws Exception {
        return drain(destination, quiet.toMillis()).stream().map(body -> new Received(body, null, null)).toList();
    }

    @Override
    public long waiting(String destination) {
        return messageCount(destination);
    }

    public void send(String queue, List<String> bodies) {
        try (JMSContext jms = new ActiveMQConnectionFactory(url()).createContext(JMSContext.SESSION_TRANSACTED)) {
            var destination = jms.createQueue(queue);
            var producer = jms.createProducer();
            for (String body : bodies) {
                producer.send(destination, body);
            }
            jms.commit();
        }
    }

    /** Takes every message now on {@code queue}, waiting up to {@code waitMillis} for each next one. */
    public List<String> drain(String queue, long waitMillis) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (JMSContext jms = new ActiveMQConnectionFactory(url()).createContext(JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer consumer = jms.createConsumer(jms.createQueue(queue))) {
            for (jakarta.jms.Message m = consumer.receive(waitMillis); m != null; m = consumer.receive(waitMillis)) {
                bodies.add(((TextMessage) m).getText());
            }
        }
        return bodies;
    }

    /** Messages on {@code queue}, delivered or not yet acknowledged included; 0 for a queue that does not exist. */
    public long messageCount(String queue) {
        Queue q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
