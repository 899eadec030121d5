package ai.piapi.collector.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest; {@code .ci/run} starts it). The test side speaks plain
 * AMQP, as the applications around the collector would; the collector speaks JMS (RabbitMQ's client) to the same
 * durable queues, which the test declares. Queues a test used are deleted on close.
 */
public final class RabbitMqBroker implements TestBroker {
    public static final String URL = "amqp://127.0.0.1:5672";
    private final Set<String> used = new HashSet<>();
    private final Connection connection;

    public RabbitMqBroker() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URL);
        factory.setUsername("guest");
        factory.setPassword("guest");
        connection = factory.newConnection("queue-test");
    }

    @Override
    public Map<String, String> collectorSettings(String intake, String completed, String deadLetter) {
        declare(intake, completed, deadLetter);
        return Map.of("collector.jms.provider", "rabbitmq", "collector.jms.broker-url", URL,
                "collector.jms.user", "guest", "collector.jms.password", "guest",
                "collector.intake.uri", "jms:queue:" + intake,
                "collector.completed.uri", "jms:queue:" + completed, "collector.dead-letter.uri", "jms:queue:" + deadLetter);
    }

    private void declare(String... queues) {
        try (Channel channel = connection.createChannel()) {
            for (String queue : queues) {
                channel.queueDeclare(queue, true, false, false, null);
                used.add(queue);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void publish(String destination, List<String> bodies) throws Exception {
        declare(destination);
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (String body : bodies) {
                channel.basicPublish("", destination, MessageProperties.PERSISTENT_TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    @Override
    public List<String> drain(String destination, Duration quiet) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Channel channel = connection.createChannel()) {
            for (GetResponse r = channel.basicGet(destination, true); r != null; r = channel.basicGet(destination, true)) {
                bodies.add(new String(r.getBody(), StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    /** Messages ready on the queue (those delivered but not yet acknowledged are not counted). */
    @Override
    public long waiting(String destination) throws Exception {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(destination).getMessageCount();
        }
    }

    @Override
    public void close() throws Exception {
        try (connection; Channel channel = connection.createChannel()) {
            for (String queue : used) {
                channel.queueDelete(queue);
            }
        }
    }
}
