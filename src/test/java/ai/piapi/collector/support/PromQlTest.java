package ai.piapi.collector.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlTest {
    @Test
    void findsTheMetricsOfAnExpressionAndNothingElse() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le, status) (rate(piapi_collector_piapi_requests_seconds_bucket"
                + "{instance=~\"$instance\",status!=\"error\"}[$__rate_interval])))"))
                .containsExactly("piapi_collector_piapi_requests_seconds_bucket");
        assertThat(PromQl.metricNames("sum by (job, instance) (up{job='a'}) > 0\n  and on (job, instance)\n"
                + "  sum without (outcome) (rate(x_total[10m] offset 1h)) / ignoring(a) group_left(b) y_total == bool 0"))
                .containsExactly("up", "x_total", "y_total");
        assertThat(PromQl.metricNames("count(piapi_collector_broker_link_up{instance=~\"${instance}\"} == 0) or vector(0)"))
                .containsExactly("piapi_collector_broker_link_up");
        assertThat(PromQl.metricNames("piapi_collector_oldest_open_task_age_seconds > 6 * 3600 + 1e3 - 0x1f"))
                .containsExactly("piapi_collector_oldest_open_task_age_seconds");
        assertThat(PromQl.metricNames("piapi_collector_tasks != piapi_collector_tasks # NaN")).containsExactly("piapi_collector_tasks");
    }

    @Test
    void readsGrafanasLabelValuesQueries() {
        assertThat(PromQl.metricNames("label_values(piapi_collector_tasks, instance)")).containsExactly("piapi_collector_tasks");
        assertThat(PromQl.metricNames("label_values(piapi_collector_tasks{state=\"open\"}, instance)"))
                .containsExactly("piapi_collector_tasks");
        assertThat(PromQl.metricNames("label_values(instance)")).isEmpty();
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> PromQl.metricNames("x{a=\"b}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PromQl.metricNames("rate(x[5m)")).isInstanceOf(IllegalArgumentException.class);
    }
}
