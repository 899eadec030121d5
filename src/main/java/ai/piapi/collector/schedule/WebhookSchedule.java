package ai.piapi.collector.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * When to poll next after PiAPI's webhook reported a status that is not final. Polling stays the backstop;
 * the webhook only moves it: a task that has started ({@code processing}, {@code running}, {@code in_progress})
 * may finish soon, so its next poll comes forward to one initial delay from now; a task that waits for a slot
 * ({@code pending}, {@code staged}, or a status nobody knows) will not finish soon and its result will be pushed,
 * so its next poll goes back to one maximum delay from now. Never past the task's deadline.
 */
public final class WebhookSchedule {
    private static final Set<String> STARTED = Set.of("processing", "running", "in_progress");

    private final Duration initialDelay;
    private final Duration maxDelay;

    public WebhookSchedule(Duration initialDelay, Duration maxDelay) {
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    public Instant nextPoll(String status, Instant scheduled, Instant now, Instant deadline) {
        Instant next;
        if (hasStarted(status)) {
            Instant soon = now.plus(initialDelay);
            next = soon.isBefore(scheduled) ? soon : scheduled;
        } else {
            Instant later = now.plus(maxDelay);
            next = later.isAfter(scheduled) ? later : scheduled;
        }
        return next.isAfter(deadline) ? deadline : next;
    }

    public static boolean hasStarted(String status) {
        return status != null && STARTED.contains(status.strip().toLowerCase(Locale.ROOT));
    }
}
