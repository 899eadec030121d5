package ai.piapi.collector.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

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
     * {@code maxRate} polls per second for {@code apiKey} (0: unlimited). Slots are booked two claims ahead, no
     * further: a task waiting for a far slot would hold a poll slot of its instance that another task could use.
     */
    public static PollPace of(double maxRate, String apiKey, Duration claimInterval) {
        if (maxRate == 0) {
            return UNLIMITED;
        }
        long horizon = claimInterval.toNanos() / 1000 * 2;
        return new PollPace(fingerprint(apiKey), maxRate, horizon);
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
