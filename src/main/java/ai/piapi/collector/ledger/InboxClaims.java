package ai.piapi.collector.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's idempotent read lock for an inbox shared by several instances: a file is read by the one instance that
 * claims it in the ledger. A claim lasts a lease and is renewed while the file is being read, so a crashed
 * instance's claim runs out and another instance takes the file over. Every step is one atomic statement, so two
 * instances racing for a file (or for a crashed instance's file) cannot both win.
 */
public class InboxClaims extends ServiceSupport implements IdempotentRepository {
    private static final int KEY_LIMIT = 1024;
    private static final String TAKE_OVER = "UPDATE inbox_claim SET owner = ?, claimed_until = ?"
            + " WHERE file_key = ? AND claimed_until < ?";
    private static final String CLAIM = "INSERT INTO inbox_claim (file_key, owner, claimed_until) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String RENEW = "UPDATE inbox_claim SET claimed_until = ? WHERE file_key = ? AND owner = ?";
    private static final String RELEASE = "DELETE FROM inbox_claim WHERE file_key = ? AND owner = ?";
    private static final String HELD = "SELECT COUNT(*) FROM inbox_claim WHERE file_key = ? AND claimed_until >= ?";

    private final Sql sql;
    private final String owner;
    private final Duration lease;
    private final Clock clock;
    private final Set<String> reading = ConcurrentHashMap.newKeySet();

    public InboxClaims(DataSource dataSource, String owner, Duration lease, Clock clock) {
        this.sql = new Sql(dataSource);
        this.owner = owner;
        this.lease = lease;
        this.clock = clock;
    }

    /** Claims a file for this instance: free, or left by an instance that stopped renewing its claim. */
    @Override
    public boolean add(String key) {
        String k = stored(key);
        long now = clock.millis();
        long until = now + lease.toMillis();
        boolean claimed = sql.update(TAKE_OVER, owner, until, k, now) == 1 || sql.update(CLAIM, k, owner, until) == 1;
        if (claimed) {
            reading.add(k);
        }
        return claimed;
    }

    @Override
    public boolean contains(String key) {
        return sql.queryOne(HELD, rs -> rs.getLong(1), stored(key), clock.millis()).orElse(0L) > 0;
    }

    /** Gives the file up (read and moved away, or to be read again after a failure). */
    @Override
    public boolean remove(String key) {
        String k = stored(key);
        reading.remove(k);
        return sql.update(RELEASE, k, owner) == 1;
    }

    /** Stops renewing: the claim then simply runs out. */
    @Override
    public boolean confirm(String key) {
        reading.remove(stored(key));
        return true;
    }

    /** Drops every claim (start-up of the single embedded instance: nobody else can hold one). */
    @Override
    public void clear() {
        sql.update("DELETE FROM inbox_claim");
        reading.clear();
    }

    /** Extends the claims on the files this instance is still reading (a timer route calls it well within a lease). */
    public void renew() {
        long until = clock.millis() + lease.toMillis();
        for (String k : reading) {
            sql.update(RENEW, until, k, owner);
        }
    }

    /** Very long paths are stored by digest, so that any path fits the column. */
    static String stored(String key) {
        if (key.length() <= KEY_LIMIT) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
