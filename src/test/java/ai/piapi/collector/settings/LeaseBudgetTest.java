package ai.piapi.collector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseBudgetTest {

    private static CollectorSettings settings(String lease, String connect, String read) {
        Map<String, String> values = Map.of("piapi.api-key", "pk-test", "collector.ledger.lease", lease,
                "piapi.connect-timeout", connect, "piapi.read-timeout", read);
        return CollectorSettings.load(k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void theDefaultLeaseOutlastsTheDefaultTimeouts() {
        assertThat(LeaseBudget.longestPoll(settings("60s", "10s", "30s"))).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void refusesALeaseThatAPollCouldOutlive() {
        assertThatThrownBy(() -> LeaseBudget.longestPoll(settings("30s", "10s", "30s")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("collector.ledger.lease (30.0s)").hasMessageContaining("(40.0s)");
        assertThatThrownBy(() -> LeaseBudget.longestPoll(settings("40s", "10s", "30s")))
                .isInstanceOf(ConfigurationException.class);
    }
}
