package ai.piapi.collector.settings;

import ai.piapi.collector.format.Durations;
import java.time.Duration;

/**
 * A lease must outlast the poll it covers: while an instance waits for PiAPI's answer, no other instance may
 * take the task over. So {@code collector.ledger.lease} has to be longer than the longest possible GET.
 */
public final class LeaseBudget {
    private LeaseBudget() {
    }

    /** The longest a GET can take (connect plus read timeout); refuses a lease that is not longer. */
    public static Duration longestPoll(CollectorSettings settings) {
        Duration poll = settings.connectTimeout().plus(settings.readTimeout());
        if (settings.lease().compareTo(poll) <= 0) {
            throw new ConfigurationException("collector.ledger.lease (" + Durations.format(settings.lease())
                    + ") must be longer than piapi.connect-timeout + piapi.read-timeout (" + Durations.format(poll)
                    + "): a task's lease has to outlast its poll");
        }
        return poll;
    }
}
