package ai.piapi.collector.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

class ComponentEnvironmentTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"collector\" password=\"p\";";

    @Test
    void mapsComponentVariablesTheWayCamelDocumentsThem() {
        Map<String, String> properties = ComponentEnvironment.properties(Map.of(
                "CAMEL_COMPONENT_KAFKA_BROKERS", "k1:9092,k2:9092",
                "CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "CAMEL_COMPONENT_JMS_RECOVERY_INTERVAL", "500",
                "CAMEL_MAIN_NAME", "left to Camel Main, which maps it itself",
                "PATH", "/usr/bin"));

        assertThat(properties).containsExactlyInAnyOrderEntriesOf(Map.of(
                "camel.component.kafka.brokers", "k1:9092,k2:9092",
                "camel.component.kafka.sasl-jaas-config", JAAS,
                "camel.component.jms.recovery-interval", "500"));
    }

    @Test
    void theSettingsReachTheComponentsAndAnOptionOutranksTheEnvironment() throws Exception {
        Main main = new Main();
        ComponentEnvironment.apply(main, Map.of(
                "CAMEL_COMPONENT_KAFKA_BROKERS", "k1:9092,k2:9092",
                "CAMEL_COMPONENT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "CAMEL_COMPONENT_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "CAMEL_COMPONENT_JMS_RECOVERY_INTERVAL", "700"));
        System.setProperty("camel.component.jms.recovery-interval", "900");
        try {
            main.start();
            KafkaConfiguration kafka = main.getCamelContext().getComponent("kafka", KafkaComponent.class).getConfiguration();
            assertThat(kafka.getBrokers()).isEqualTo("k1:9092,k2:9092");
            assertThat(kafka.getSecurityProtocol()).isEqualTo("SASL_SSL");
            assertThat(kafka.getSaslMechanism()).isEqualTo("SCRAM-SHA-512");
            assertThat(kafka.getSaslJaasConfig()).isEqualTo(JAAS);
            assertThat(main.getCamelContext().getComponent("jms", JmsComponent.class).getConfiguration().getRecoveryInterval())
                    .as("-D beats the environment, as in Camel").isEqualTo(900);
        } finally {
            System.clearProperty("camel.component.jms.recovery-interval");
            main.stop();
        }
    }
}
