package ai.piapi.collector.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class TolerantJmsBindingTest {

    /** What RabbitMQ's JMS client hands over for a plain AMQP message published without a priority. */
    private static Message withoutPriority() {
        return (Message) Proxy.newProxyInstance(Message.class.getClassLoader(), new Class<?>[] {Message.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getJMSPriority" -> throw new NumberFormatException("Null is not a valid int");
                    case "getJMSMessageID" -> "ID:amqp-1";
                    case "getJMSDeliveryMode", "getJMSExpiration", "getJMSTimestamp" -> method.getReturnType() == int.class ? 2 : 0L;
                    case "getJMSRedelivered" -> false;
                    case "getPropertyNames" -> Collections.enumeration(java.util.List.of("origin"));
                    case "getObjectProperty" -> "crash-test";
                    case "getJMSCorrelationIDAsBytes" -> throw new JMSException("not bytes");
                    default -> null;
                });
    }

    @Test
    void takesAMessageWhoseClientCannotReadItsPriorityWithTheJmsDefault() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addComponent("jms", new JmsComponent());
            JmsEndpoint endpoint = context.getEndpoint("jms:queue:tasks", JmsEndpoint.class);

            Map<String, Object> headers = new TolerantJmsBinding(endpoint).extractHeadersFromJms(withoutPriority(),
                    new DefaultExchange(context));

            assertThat(headers).containsEntry("JMSPriority", Message.DEFAULT_PRIORITY)
                    .containsEntry("JMSMessageID", "ID:amqp-1").containsEntry("origin", "crash-test");
        }
    }

    @Test
    void aHeaderGetterThatFailsAnswersItsDefault() throws Exception {
        Message tolerant = TolerantJmsBinding.withDefaults(withoutPriority());

        assertThat(tolerant.getJMSPriority()).isEqualTo(Message.DEFAULT_PRIORITY);
        assertThat(tolerant.getJMSCorrelationIDAsBytes()).isNull();
        assertThat(tolerant.getJMSMessageID()).isEqualTo("ID:amqp-1");
    }
}
