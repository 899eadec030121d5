package ai.piapi.collector.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.piapi.collector.ledger.Backlog;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ledger.OutboxEvent;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.messaging.BrokerStatus;
import ai.piapi.collector.ops.metrics.BacklogMetrics;
import ai.piapi.collector.support.ManualClock;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backlog gauges against a real embedded ledger: what they show, and how often they read the ledger. */
class BacklogMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BrokerStatus brokers = new BrokerStatus(clock, UnaryOperator.identity());
    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private JdbcLedger ledger;
    private BacklogMetrics held; // as the Camel registry holds the bean

    @BeforeEach
    void openLedger() {
        dataSource = LedgerDatabase.open(LedgerDatabase.embeddedUrl(dir), null, null, 4);
        ledger = new JdbcLedger(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private double sample(String line) {
        return registry.scrape().lines().filter(l -> l.startsWith(line + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(line + " not in\n" + registry.scrape()));
    }

    @Test
    void showsTheAgeOfTheOldestOpenTaskGrowingBetweenReadsOfTheLedger() {
        held = new BacklogMetrics(registry, new Backlog(dataSource), brokers, Duration.ofSeconds(10), clock);
        assertThat(sample("piapi_collector_oldest_open_task_age_seconds")).isZero();

        ledger.admit(List.of("t-old"), "test", T0, T0.plus(Duration.ofDays(1)));
        ledger.admit(List.of("t-new"), "test", T0.plusSeconds(30), T0.plus(Duration.ofDays(1)));
        clock.advance(Duration.ofSeconds(60));
        assertThat(sample("piapi_collector_oldest_open_task_age_seconds")).isEqualTo(60.0);

        ledger.settle("t-old", TaskState.COMPLETED, null, "x", clock.instant());
        clock.advance(Duration.ofSeconds(5)); // within the cache: the age grows from the intake time read before
        assertThat(sample("piapi_collector_oldest_open_task_age_seconds")).isEqualTo(65.0);

        clock.advance(Duration.ofSeconds(5)); // the cache runs out: t-new (taken in at T0 + 30 s) is the oldest now
        assertThat(sample("piapi_collector_oldest_open_task_age_seconds")).isEqualTo(40.0);
    }

    @Test
    void countsTheEventsWaitingInTheOutbox() {
        held = new BacklogMetrics(registry, new Backlog(dataSource), brokers, Duration.ofSeconds(10), clock);
        assertThat(sample("piapi_collector_outbox_events")).isZero();

        ledger.addEvents(List.of(new OutboxEvent("dead-letter", "a", "{}"), new OutboxEvent("dead-letter", "b", "{}")), T0);
        assertThat(sample("piapi_collector_outbox_events")).isZero(); // read 0 s ago: cached
        clock.advance(Duration.ofSeconds(10));
        assertThat(sample("piapi_collector_outbox_events")).isEqualTo(2.0);
    }

    @Test
    void showsNoValueWhileTheLedgerCannotBeRead() {
        held = new BacklogMetrics(registry, new Backlog(dataSource), brokers, Duration.ofSeconds(10), clock);
        dataSource.close();

        assertThat(sample("piapi_collector_outbox_events")).isNaN();
        assertThat(sample("piapi_collector_oldest_open_task_age_seconds")).isNaN();
    }

    @Test
    void showsEachConfiguredBrokerLinkUpOrDown() {
        brokers.declare("intake", "jms:queue:tasks", true);
        brokers.declare("completed-events", "kafka:done", true);
        brokers.declare("dead-letter-events", "", false);
        held = new BacklogMetrics(registry, new Backlog(dataSource), brokers, Duration.ofSeconds(10), clock);

        assertThat(sample("piapi_collector_broker_link_up{link=\"intake\"}")).isZero(); // still connecting
        brokers.up("intake");
        brokers.up("completed-events");
        brokers.down("completed-events", "connection refused");

        assertThat(sample("piapi_collector_broker_link_up{link=\"intake\"}")).isEqualTo(1.0);
        assertThat(sample("piapi_collector_broker_link_up{link=\"completed-events\"}")).isZero();
        assertThat(registry.scrape()).doesNotContain("dead-letter-events"); // not configured: no series
    }
}
