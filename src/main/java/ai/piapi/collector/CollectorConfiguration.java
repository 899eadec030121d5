package ai.piapi.collector;

import ai.piapi.collector.wiring.Lifecycle;
import ai.piapi.collector.settings.PollRate;
import ai.piapi.collector.deliver.Delivery;
import ai.piapi.collector.deliver.Events;
import ai.piapi.collector.schedule.Backoff;
import ai.piapi.collector.settings.BatchSettings;
import ai.piapi.collector.settings.CollectorSettings;
import ai.piapi.collector.settings.HttpSettings;
import ai.piapi.collector.task.HeldVerdicts;
import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.schedule.PollPace;
import ai.piapi.collector.settings.PollingSettings;
import ai.piapi.collector.domain.Redactor;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.intake.FileIntake;
import ai.piapi.collector.intake.InboxFilter;
import ai.piapi.collector.intake.InboxParser;
import ai.piapi.collector.ledger.InboxReads;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import ai.piapi.collector.ledger.RunTimeStore;
import ai.piapi.collector.ops.BatchMonitor;
import ai.piapi.collector.ops.BatchSummary;
import ai.piapi.collector.ops.Folders;
import ai.piapi.collector.ops.ProgressReporter;
import ai.piapi.collector.ops.QuietPollStrategy;
import ai.piapi.collector.ops.RouteFailures;
import ai.piapi.collector.poll.AuthGate;
import ai.piapi.collector.poll.PiapiRequest;
import ai.piapi.collector.poll.PollPlanner;
import ai.piapi.collector.poll.Poller;
import ai.piapi.collector.poll.RunTimeLearner;
import ai.piapi.collector.wiring.Shared;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.Registry;

/** Wires the collector's beans from its settings; nothing else. */
public class CollectorConfiguration implements CamelConfiguration {
    private final Consumer<BatchSummary> shutdown;
    private Shared shared;

    /** {@code shutdown} ends the process with the summary and its exit code (batch mode). */
    public CollectorConfiguration(Consumer<BatchSummary> shutdown) {
        this.shutdown = shutdown;
    }

    /** The pieces the stages' configurations share; made by {@link #configure}, which Camel Main runs first. */
    public Shared shared() {
        if (shared == null) {
            throw new IllegalStateException("the collector's configuration has not run yet: add it before the stages'");
        }
        return shared;
    }

    @Override
    public void configure(CamelContext context) {
        CollectorSettings settings = CollectorSettings.load(context.getPropertiesComponent()::resolveProperty);
        BatchSettings batch = BatchSettings.load(context.getPropertiesComponent()::resolveProperty);
        Folders.prepare(settings);
        Clock clock = Clock.systemUTC();
        ObjectMapper mapper = new ObjectMapper();
        Tally tally = new Tally();

        String ledgerUrl = settings.embeddedLedger() ? LedgerDatabase.embeddedUrl(settings.stateDir()) : settings.ledgerUrl();
        Outage ledgerOutage = new Outage("the ledger database (" + LedgerDatabase.safe(ledgerUrl) + ")",
                "the stages that need it pause", clock);
        HikariDataSource dataSource = LedgerDatabase.open(ledgerUrl,
                context.getPropertiesComponent().resolveProperty("collector.ledger.user").orElse(null),
                context.getPropertiesComponent().resolveProperty("collector.ledger.password").orElse(null),
                settings.concurrency() + 4, ledgerOutage);
        Lifecycle.closeOnStop(context, dataSource);
        PollPace pace = PollRate.load(context.getPropertiesComponent()::resolveProperty, settings.apiKey(),
                settings.claimInterval());
        JdbcLedger ledger = new JdbcLedger(dataSource, pace, clock, settings.embeddedLedger());
        Lifecycle.closeOnStop(context, ledger); // stopped before the pool (services stop in reverse order)
        if (settings.embeddedLedger()) {
            ledger.releaseAllLeases(); // the H2 file admits one process: leases left by a crash are stale
        }

        Backoff backoff = new Backoff(settings.initialDelay(), settings.multiplier(), settings.maxDelay(), settings.jitter(),
                () -> ThreadLocalRandom.current().nextDouble());
        PollingSettings polling = PollingSettings.load(context.getPropertiesComponent()::resolveProperty);
        Duration forgetRunning = settings.maxDelay().multipliedBy(4).compareTo(Duration.ofMinutes(2)) > 0
                ? settings.maxDelay().multipliedBy(4) : Duration.ofMinutes(2); // a running task is polled within max-delay
        RunTimeLearner learner = new RunTimeLearner(new RunTimeStore(dataSource), clock, forgetRunning);
        learner.share(); // what earlier runs (and other instances) learned
        PollPlanner planner = new PollPlanner(backoff, polling, learner, settings.jitter(),
                () -> ThreadLocalRandom.current().nextDouble());
        AuthGate authGate = new AuthGate(settings.initialDelay(), settings.maxDelay());
        String owner = settings.instanceId().isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : settings.instanceId();

        HeldVerdicts held = new HeldVerdicts(clock);
        Outage deadLetterStorage = new Outage("the dead-letter folder (" + settings.deadLetterDir() + ")",
                "dead letters wait in place", clock);
        // every configured secret, masked wherever an answer, a failure or a log line quotes it
        HttpSettings http = HttpSettings.load(context.getPropertiesComponent()::resolveProperty);
        Redactor redactor = new Redactor(List.of(settings.apiKey(), http.webhookSecret(), http.token()));
        Registry registry = context.getRegistry();
        shared = new Shared(settings, clock, mapper, owner, ledger, dataSource, tally, authGate, held, learner, planner,
                deadLetterStorage, pace, redactor);
        registry.bind("settings", settings);
        registry.bind("instanceId", owner);
        registry.bind("tally", tally);
        registry.bind("ledger", ledger);
        registry.bind("pollPace", pace);
        registry.bind("authGate", authGate);
        InboxFilter inboxFilter = new InboxFilter(clock, List.of(deadLetterStorage, ledgerOutage), settings.maxDelay());
        registry.bind("inboxFilter", inboxFilter);
        registry.bind("fileIntake", new FileIntake(new InboxParser(mapper), ledger, settings.taskDeadline(), tally, clock,
                new InboxReads(dataSource)));
        registry.bind("heldVerdicts", held);
        RouteFailures routeFailures = new RouteFailures(clock);
        registry.bind("routeFailures", routeFailures);
        registry.bind("inboxPollStrategy", new QuietPollStrategy(routeFailures, "intake-files (folder scan)"));
        registry.bind("runTimeLearner", learner);
        registry.bind("pollPlanner", planner);
        registry.bind("piapiRequest", new PiapiRequest(settings.apiKey()));
        registry.bind("poller", new Poller(settings, ledger, planner, authGate, tally, mapper, clock, owner, held, redactor));
        registry.bind("deadLetterOutage", deadLetterStorage);
        registry.bind("delivery", new Delivery(ledger, tally, mapper, clock,
                Events.from(context.getPropertiesComponent()::resolveProperty, mapper, owner, clock), settings.deadLetterDir(),
                deadLetterStorage));
        registry.bind("batchMonitor", new BatchMonitor(settings.inboxDir(), ledger, tally, clock, batch, authGate,
                ledgerOutage, inboxFilter, shutdown));
        registry.bind("progressReporter", new ProgressReporter(ledger, tally, learner, clock));
        configureHttp(context, settings);
    }

    /** One connection pool for PiAPI, sized to the poll concurrency, with timeouts and no silent retries. */
    private static void configureHttp(CamelContext context, CollectorSettings settings) {
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            http.setConnectTimeout(settings.connectTimeout().toMillis());
            http.setConnectionRequestTimeout(settings.readTimeout().toMillis());
            http.setResponseTimeout(settings.readTimeout().toMillis());
            http.setSoTimeout(settings.readTimeout().toMillis());
            http.setAutomaticRetriesDisabled(true);
            http.setConnectionsPerRoute(settings.concurrency());
            http.setMaxTotalConnections(settings.concurrency() * 2);
        }
    }
}
