package ai.piapi.collector.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeUriTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jms:queue:piapi.tasks|jms:queue:piapi.tasks",
        "jms:queue:piapi.tasks?transacted=true&password=s3cret|jms:queue:piapi.tasks",
        "kafka:piapi-tasks?brokers=k1:9092,k2:9092&saslJaasConfig=RAW(x password=\"y\")|kafka:piapi-tasks",
        "amqp://user:s3cret@rabbit:5672/vhost|amqp://rabbit:5672/vhost",
        "rabbitmq:user:s3cret@exchange?queue=q|rabbitmq:exchange",
        "  seda:queue-intake-off  |seda:queue-intake-off"})
    void keepsNoOptionsAndNoCredentials(String uri, String safe) {
        assertThat(SafeUri.of(uri)).isEqualTo(safe).doesNotContain("s3cret");
    }
}
