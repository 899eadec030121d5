package ai.piapi.collector.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.messaging.BrokerStatus.State;
import ai.piapi.collector.support.LogCapture;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class BrokerStatusTest {
    private final BrokerStatus status = new BrokerStatus(Clock.systemUTC(), text -> text.replace("hunter2", "***"));

    @Test
    void logsOneLinePerChangeOfStateNotPerRetry() {
        status.declare("intake", "jms:queue:q", true);
        int mark = LogCapture.mark();

        status.down("intake", "connection refused");
        status.down("intake", "connection refused");
        status.down("intake", "connection refused again");
        status.up("intake");
        status.up("intake");

        assertThat(LogCapture.since(mark)).filteredOn(l -> l.contains("broker link intake")).hasSize(2);
        assertThat(status.state("intake")).isEqualTo(State.UP);
        assertThat(status.healthy()).isTrue();
    }

    @Test
    void keepsTheLatestReasonWithoutSecretsWhileDown() {
        status.declare("completed-events", "kafka:done", true);

        status.down("completed-events", "auth failed for password hunter2");

        assertThat(status.links().get("completed-events").detail()).isEqualTo("auth failed for password ***");
        assertThat(status.healthy()).isFalse();
    }

    @Test
    void aLinkThatIsNotConfiguredStaysOffAndNeverCountsAgainstHealth() {
        status.declare("dead-letter-events", "", false);

        status.down("dead-letter-events", "whatever");

        assertThat(status.state("dead-letter-events")).isEqualTo(State.OFF);
        assertThat(status.healthy()).isTrue();
        assertThat(status.state("never-declared")).isEqualTo(State.OFF);
    }
}
