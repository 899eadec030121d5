package ai.piapi.collector.messaging;

import ai.piapi.collector.settings.MessagingSettings;
import ai.piapi.collector.settings.ConfigurationException;
import com.rabbitmq.jms.admin.RMQConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/** The JMS connection factory for {@code collector.jms.*}: ActiveMQ Artemis or RabbitMQ's JMS client, with cached sessions. */
final class JmsConnectionFactories {
    private static final int SESSION_CACHE = 10;
    static final String JSON = "application/json";

    private JmsConnectionFactories() {
    }

    static CachingConnectionFactory create(MessagingSettings s) {
        ConnectionFactory target = switch (s.jmsProvider()) {
            case ARTEMIS -> artemis(s);
            case RABBITMQ -> rabbitmq(s);
        };
        CachingConnectionFactory cached = new CachingConnectionFactory(target);
        cached.setSessionCacheSize(SESSION_CACHE);
        cached.setReconnectOnException(true);
        return cached;
    }

    private static ConnectionFactory artemis(MessagingSettings s) {
        try {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(s.jmsBrokerUrl());
            if (!s.jmsUser().isBlank()) {
                factory.setUser(s.jmsUser());
            }
            if (!s.jmsPassword().isBlank()) {
                factory.setPassword(s.jmsPassword());
            }
            return factory;
        } catch (RuntimeException e) { // the message quotes the URL only, which holds no password (that is a key of its own)
            throw new ConfigurationException("collector.jms.broker-url: not an Artemis URL (tcp://host:61616): "
                    + e.getClass().getSimpleName());
        }
    }

    private static ConnectionFactory rabbitmq(MessagingSettings s) {
        RMQConnectionFactory factory = new RMQConnectionFactory();
        try {
            factory.setUri(s.jmsBrokerUrl());
        } catch (Exception e) {
            throw new ConfigurationException("collector.jms.broker-url: not an AMQP URI (amqp://host:5672/vhost): "
                    + e.getClass().getSimpleName());
        }
        if (!s.jmsUser().isBlank()) {
            factory.setUsername(s.jmsUser());
        }
        if (!s.jmsPassword().isBlank()) {
            factory.setPassword(s.jmsPassword());
        }
        // events are JSON text: AMQP consumers see content_type application/json (the client's own is octet-stream)
        factory.setAmqpPropertiesCustomiser((properties, message) ->
                message instanceof TextMessage ? properties.contentType(JSON) : properties);
        return factory;
    }
}
