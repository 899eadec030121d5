package ai.piapi.collector.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * The global poll rate ({@code collector.poll.max-rate}) as slots: the polls of one API key, from every instance
 * sharing the ledger, start at least {@link #spacingMicros()} apart. The ledger keeps the next free slot of each
 * key in one row; this class does the arithmetic. Times are epoch microseconds.
 *
 * @param bucket        the ledger row: a fingerprint of the API key (never the key itself)
 * @param maxRate       polls per second across all instances; 0 means unlimited
 * @param horizonMicros how far ahead a claim may book slots (tasks wait for their slot in the poll pool)
 */
public record PollPace(String bucket, double maxRate, long horizonMicros) {
    public static final PollPace UNLIMITED = new PollPace("", 0, 0);
    /** Polls are spaced 1% wider than the rate asks, so that network jitter cannot push PiAPI's count over it. */
    static final double MARGIN = 1.01;
    private static final long MICROS = 1_000_000;

    /**
     * Reads {@code collector.poll.max-rate}: empty or 0 is unlimited. Slots are booked two claims ahead, no further:
     * a task waiting for a far slot would hold a poll slot of its instance that another task could use.
     */
    public static PollPace load(Function<String, Optional<String>> lookup, String apiKey, Duration claimInterval) {
        String text = lookup.apply("collector.poll.max-rate").map(String::strip).orElse("");
        double rate;
        try {
            rate = text.isEmpty() ? 0 : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ConfigurationException("collector.poll.max-rate: '" + text
                    + "' is not a number of polls per second (0 or empty: unlimited)");
        }
        if (rate == 0) {
            return UNLIMITED;
        }
        long horizon = claimInterval.toNanos() / 1000 * 2;
        return new PollPace(fingerprint(apiKey), rate, horizon);
    }

    /** A short, one-way name for an API key: instances with the same key share a bucket, the ledger never sees the key. */
    static String fingerprint(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return "key-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean limited() {
        return maxRate > 0;
    }

    public long spacingMicros() {
        return (long) Math.ceil(MICROS * MARGIN / maxRate);
    }

    /** How many of {@code wanted} polls get a slot now: those whose slot falls within the horizon. */
    public int admits(int wanted, long now, long nextFree) {
        if (!limited()) {
            return wanted;
        }
        long first = Math.max(now, nextFree);
        long room = now + horizonMicros - first;
        if (wanted <= 0 || room < 0) {
            return 0;
        }
        return (int) Math.min(wanted, room / spacingMicros() + 1);
    }

    /** The slot of the {@code index}-th poll admitted at {@code now}. */
    public long slot(long now, long nextFree, int index) {
        return limited() ? Math.max(now, nextFree) + index * spacingMicros() : now;
    }

    /** The next free slot once {@code used} of the admitted slots are taken (unused ones go back). */
    public long nextFreeAfter(long now, long nextFree, int used) {
        return used == 0 ? nextFree : slot(now, nextFree, used);
    }
}
