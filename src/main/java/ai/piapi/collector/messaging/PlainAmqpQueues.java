package ai.piapi.collector.messaging;

import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.springframework.jms.support.destination.DestinationResolver;

/**
 * RabbitMQ: {@code jms:queue:NAME} is the AMQP queue NAME, read and written as plain AMQP messages (default
 * exchange, routing key NAME), so that any AMQP client can publish task IDs and read events. The queue must exist.
 */
final class PlainAmqpQueues implements DestinationResolver {
    @Override
    public Destination resolveDestinationName(Session session, String name, boolean pubSubDomain) throws JMSException {
        return pubSubDomain ? session.createTopic(name) : new RMQDestination(name, "", name, name);
    }
}
