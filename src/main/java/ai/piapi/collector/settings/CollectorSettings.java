package ai.piapi.collector.settings;

import ai.piapi.collector.format.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The collector's settings, read and checked once at start-up. Every check failure is a
 * {@link ConfigurationException} naming the key, so a broken configuration stops start-up with one line.
 */
public record CollectorSettings(
        String baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout,
        Path inboxDir, Path completedDir, Path deadLetterDir, Path stateDir,
        Duration initialDelay, double multiplier, Duration maxDelay, int concurrency,
        Duration taskDeadline, int maxTransientErrors, boolean exitWhenDone,
        Duration claimInterval, Duration lease, String ledgerUrl, String instanceId, double jitter) {

    /** Reads every key through {@code lookup} (which applies environment and system overrides). */
    public static CollectorSettings load(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        String apiKey = r.text("piapi.api-key", "");
        if (apiKey.isBlank()) {
            throw new ConfigurationException(
                    "piapi.api-key is not set: give it in the PIAPI_API_KEY environment variable or -Dpiapi.api-key=…");
        }
        String baseUrl = r.text("piapi.base-url", "https://api.piapi.ai");
        if (!baseUrl.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new ConfigurationException("piapi.base-url: '" + baseUrl + "' is not an http(s) URL");
        }
        return new CollectorSettings(
                baseUrl.replaceAll("/+$", ""), apiKey.strip(),
                r.duration("piapi.connect-timeout", "10s"), r.duration("piapi.read-timeout", "30s"),
                r.path("collector.inbox-dir", "data/inbox"),
                r.path("collector.completed-dir", "data/completed"),
                r.path("collector.dead-letter-dir", "data/dead-letter"),
                r.path("collector.state-dir", "data/state"),
                r.duration("collector.poll.initial-delay", "2s"),
                r.decimal("collector.poll.multiplier", "1.5", 1.0),
                r.duration("collector.poll.max-delay", "30s"),
                r.whole("collector.poll.concurrency", "16", 1),
                r.duration("collector.task-deadline", "24h"),
                r.whole("collector.max-transient-errors", "10", 1),
                r.flag("collector.exit-when-done", "false"),
                r.duration("collector.poll.claim-interval", "100ms"),
                r.duration("collector.ledger.lease", "60s"),
                r.text("collector.ledger.url", ""),
                r.text("collector.instance-id", ""),
                r.fraction("collector.poll.jitter", "0.2"));
    }

    /** True when the ledger is the embedded H2 file in the state folder (one instance owns it). */
    public boolean embeddedLedger() {
        return ledgerUrl.isBlank();
    }

    @Override
    public String toString() { // the record's own would print the key
        return "CollectorSettings[baseUrl=" + baseUrl + ", inbox=" + inboxDir + ", completed=" + completedDir
                + ", deadLetter=" + deadLetterDir + ", state=" + stateDir + ", concurrency=" + concurrency + "]";
    }
}
