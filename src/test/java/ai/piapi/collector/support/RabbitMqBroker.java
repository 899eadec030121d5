package ai.piapi.collector.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
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

    /**
     * Publishes the way AMQP tools and libraries do by default, in turn: no properties at all (amqp-publish, pika,
     * amqplib), persistent without a content type, text/plain with a priority, and no properties through an
     * exchange bound to the queue.
     */
    @Override
    public void publish(String destination, List<String> bodies) throws Exception {
        declare(destination);
        String exchange = destination + ".in";
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, true, null);
            channel.queueBind(destination, exchange, "tasks");
            channel.confirmSelect();
            for (int i = 0; i < bodies.size(); i++) {
                byte[] body = bodies.get(i).getBytes(StandardCharsets.UTF_8);
                switch (i % 4) {
                    case 0 -> channel.basicPublish("", destination, null, body);
                    case 1 -> channel.basicPublish("", destination, new AMQP.BasicProperties.Builder().deliveryMode(2).build(), body);
                    case 2 -> channel.basicPublish("", destination, MessageProperties.PERSISTENT_TEXT_PLAIN, body);
                    default -> channel.basicPublish(exchange, "tasks", null, body);
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    @Override
    public List<Received> drain(String destination, Duration quiet) throws Exception {
        List<Received> messages = new ArrayList<>();
        try (Channel channel = connection.createChannel()) {
            for (GetResponse r = channel.basicGet(destination, true); r != null; r = channel.basicGet(destination, true)) {
                messages.add(new Received(new String(r.getBody(), StandardCharsets.UTF_8), null, r.getProps().getContentType()));
            }
        }
        return messages;
    }

    /** Events carry the AMQP content type application/json, for consumers that dispatch on it. */
    @Override
    public void assertEventProperties(Received event, String subject) {
        assertThat(event.contentType()).isEqualTo("application/json");
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
