package ai.piapi.collector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.piapi.collector.settings.ConfigurationException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessagingSettingsTest {

    private static MessagingSettings load(Map<String, String> values) {
        return MessagingSettings.load(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaultsLeaveQueueIntakeAndEventsOff() {
        MessagingSettings s = load(Map.of());

        assertThat(s.intakeOn()).isFalse();
        assertThat(s.completedEventsOn()).isFalse();
        assertThat(s.deadLetterEventsOn()).isFalse();
        assertThat(s.jmsProvider()).isEqualTo(MessagingSettings.JmsProvider.ARTEMIS);
        assertThat(s.publishBatch()).isEqualTo(100);
        assertThat(s.plainAmqp()).isTrue();
        assertThat(s.intakeRetryDelay()).isEqualTo(1000);
        assertThat(s.intakeMaxRetryDelay()).isEqualTo(60000);
    }

    @Test
    void refusesIntakeRetryDelaysThatAreNotWholeOrDoNotGrow() {
        assertThatThrownBy(() -> load(Map.of("collector.intake.retry-delay", "1s"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("collector.intake.retry-delay");
        assertThatThrownBy(() -> load(Map.of("collector.intake.retry-delay", "5000", "collector.intake.max-retry-delay", "1000")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("collector.intake.max-retry-delay");
    }

    @Test
    void namesTheIntakeWithoutOptionsAndNeverPrintsThePassword() {
        MessagingSettings s = load(Map.of("collector.intake.uri", "jms:queue:tasks?password=s3cret",
                "collector.jms.password", "pw-XYZ", "collector.jms.broker-url", "tcp://b:61616",
                "collector.completed.uri", "kafka:done?saslJaasConfig=secret-jaas"));

        assertThat(s.intakeOn()).isTrue();
        assertThat(s.intakeSource()).isEqualTo("jms:queue:tasks");
        assertThat(s.toString()).doesNotContain("s3cret", "pw-XYZ", "secret-jaas").contains("jms:queue:tasks", "kafka:done");
    }

    @Test
    void refusesAnEmptyIntakeUriAnUnknownProviderAndBadNumbers() {
        assertThatThrownBy(() -> load(Map.of("collector.intake.uri", " "))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("collector.intake.uri");
        assertThatThrownBy(() -> load(Map.of("collector.jms.provider", "ibmmq"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("collector.jms.provider");
        assertThatThrownBy(() -> load(Map.of("collector.events.batch-size", "0"))).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> load(Map.of("collector.jms.plain-amqp", "yes"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("collector.jms.plain-amqp");
        assertThatThrownBy(() -> load(Map.of("collector.events.max-retry-delay", "soon"))).isInstanceOf(ConfigurationException.class);
        assertThat(load(Map.of("collector.jms.provider", "RabbitMQ")).jmsProvider()).isEqualTo(MessagingSettings.JmsProvider.RABBITMQ);
    }
}
