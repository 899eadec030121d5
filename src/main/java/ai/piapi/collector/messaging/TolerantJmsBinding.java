package ai.piapi.collector.messaging;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's JMS binding, except that a message whose standard headers the provider cannot read is still taken, with
 * the JMS defaults for those headers. RabbitMQ's JMS client throws on a plain AMQP message published without a
 * {@code priority} ({@code NumberFormatException: Null is not a valid int} in {@code getJMSPriority}), which is
 * what most AMQP clients send ({@code amqp-publish}, pika, amqplib, rabbitmqadmin): without this, such a message
 * failed before the route could read its body. The collector needs none of those headers.
 */
final class TolerantJmsBinding extends JmsBinding {
    private static final Logger LOG = LoggerFactory.getLogger(TolerantJmsBinding.class);
    private static final AtomicBoolean TOLD = new AtomicBoolean();
    private static final Map<Class<?>, Object> DEFAULTS = Map.of(boolean.class, false, byte.class, (byte) 0,
            short.class, (short) 0, int.class, 0, long.class, 0L, float.class, 0f, double.class, 0d);

    TolerantJmsBinding(JmsEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public Map<String, Object> extractHeadersFromJms(Message message, Exchange exchange) {
        try {
            return super.extractHeadersFromJms(message, exchange);
        } catch (RuntimeException unreadable) {
            if (TOLD.compareAndSet(false, true)) {
                Throwable cause = unreadable.getCause() == null ? unreadable : unreadable.getCause();
                LOG.info("a JMS message came without standard headers its client can read ({}: {}); the JMS defaults"
                        + " are used for those (said once)", cause.getClass().getSimpleName(), cause.getMessage());
            }
            return super.extractHeadersFromJms(withDefaults(message), exchange);
        }
    }

    /** The message, except that a header getter that fails answers the JMS default (no value, priority 4). */
    static Message withDefaults(Message message) {
        return (Message) Proxy.newProxyInstance(Message.class.getClassLoader(), new Class<?>[] {Message.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(message, args);
                    } catch (InvocationTargetException e) {
                        if (e.getCause() instanceof JMSException || e.getCause() instanceof RuntimeException) {
                            return fallback(method);
                        }
                        throw e.getCause();
                    }
                });
    }

    private static Object fallback(Method method) {
        Class<?> type = method.getReturnType();
        if (method.getName().equals("getJMSPriority")) {
            return Message.DEFAULT_PRIORITY;
        }
        if (method.getName().equals("getJMSDeliveryMode")) {
            return Message.DEFAULT_DELIVERY_MODE;
        }
        if (type == Enumeration.class) {
            return Collections.emptyEnumeration();
        }
        return DEFAULTS.get(type); // null for objects
    }
}
