package ai.piapi.collector.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.jms.admin.RMQConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest; {@code .ci/run} starts it), spoken to through RabbitMQ's
 * JMS client as the collector does. Queues a test used are deleted on close.
 */
public final class RabbitMqBroker implements TestBroker {
    public static final String URL = "amqp://127.0.0.1:5672";
    private final Set<String> used = new HashSet<>();

    private static RMQConnectionFactory jms() throws Exception {
        RMQConnectionFactory factory = new RMQConnectionFactory();
        factory.setUri(URL);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    @Override
    public Map<String, String> collectorSettings(String intake, String completed, String deadLetter) {
        used.addAll(List.of(intake, completed, deadLetter));
        return Map.of("collector.jms.provider", "rabbitmq", "collector.jms.broker-url", URL,
                "collector.jms.user", "guest", "collector.jms.password", "guest",
                "collector.intake.uri", "jms:queue:" + intake,
                "collector.completed.uri", "jms:queue:" + completed, "collector.dead-letter.uri", "jms:queue:" + deadLetter);
    }

    /** Every other message through the JMS client, the rest as a plain AMQP publisher would (default exchange). */
    @Override
    public void publish(String destination, List<String> bodies) throws Exception {
        used.add(destination);
        try (JMSContext jms = jms().createContext(JMSContext.SESSION_TRANSACTED)) {
            var queue = jms.createQueue(destination);
            var producer = jms.createProducer();
            for (int i = 0; i < bodies.size(); i += 2) {
                producer.send(queue, bodies.get(i));
            }
            jms.commit();
        }
        try (Connection connection = amqp().newConnection(); Channel channel = connection.createChannel()) {
            for (int i = 1; i < bodies.size(); i += 2) {
                channel.basicPublish("", destination, MessageProperties.PERSISTENT_TEXT_PLAIN,
                        bodies.get(i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public List<String> drain(String destination, Duration quiet) throws Exception {
        used.add(destination);
        List<String> bodies = new ArrayList<>();
        try (JMSContext jms = jms().createContext(JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer consumer = jms.createConsumer(jms.createQueue(destination))) {
            for (Message m = consumer.receive(quiet.toMillis()); m != null; m = consumer.receive(quiet.toMillis())) {
                bodies.add(m instanceof TextMessage text ? text.getText() : m.getBody(String.class));
            }
        }
        return bodies;
    }

    /** Messages ready on the queue (those delivered but not yet acknowledged are not counted). */
    @Override
    public long waiting(String destination) throws Exception {
        try (Connection connection = amqp().newConnection(); Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(destination).getMessageCount();
        } catch (IOException noSuchQueue) {
            return 0;
        }
    }

    private static ConnectionFactory amqp() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URL);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    @Override
    public void close() throws Exception {
        try (Connection connection = amqp().newConnection(); Channel channel = connection.createChannel()) {
            for (String queue : used) {
                channel.queueDelete(queue);
            }
        }
    }
}
