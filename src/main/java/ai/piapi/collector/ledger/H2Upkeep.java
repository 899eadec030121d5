package ai.piapi.collector.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded ledger's file from growing under steady writes. With {@code WRITE_DELAY=0} (every commit on
 * the file at once) H2 runs no background writer, and that writer is the only place H2 rewrites chunks that are
 * mostly dead: each commit writes its copied pages as a new chunk, a random row update leaves old chunks with a few
 * live pages, and the file grew by gigabytes under a large backlog. So the group-commit writer, after a commit,
 * forces the commit to the disk (an fsync: the URL's {@code RETENTION_TIME=0} lets H2 reuse freed space at once,
 * which is safe only when what supersedes it is on the disk) and, at most once per {@link #EVERY}, rewrites up to
 * {@link #REWRITE_BYTES} of the least filled chunks, as H2's own background writer would; the rewritten pages go
 * out with the next commit.
 */
final class H2Upkeep implements GroupCommit.AfterCommit {
    static final Duration EVERY = Duration.ofSeconds(1);
    /** Below this share of live bytes in its chunks the file is compacted. */
    static final int TARGET_FILL_PERCENT = 80;
    static final int REWRITE_BYTES = 4 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(H2Upkeep.class);

    private final long everyNanos;
    private long lastCompact = System.nanoTime();
    private boolean failed;

    H2Upkeep() {
        this(EVERY);
    }

    /** {@code every}: the shortest time between two compactions (tests: zero, after every commit). */
    H2Upkeep(Duration every) {
        this.everyNanos = every.toNanos();
    }

    @Override
    public void afterCommit(Connection c) throws SQLException {
        MVStore store = store(c);
        if (store == null) {
            return;
        }
        store.sync();
        long now = System.nanoTime();
        if (now - lastCompact >= everyNanos && !failed) {
            lastCompact = now;
            try {
                store.compact(TARGET_FILL_PERCENT, REWRITE_BYTES);
            } catch (RuntimeException e) { // compaction is upkeep: the ledger works without it, the file only grows
                failed = true;
                LOG.warn("the ledger file is no longer compacted ({}); it may grow until the collector restarts", e.toString());
            }
        }
    }

    /** The MVStore under an embedded H2 connection, or null for an in-memory database or another driver. */
    private static MVStore store(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        Object session = c.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local) || local.getDatabase().getStore() == null) {
            return null;
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        return store.getFileStore() == null ? null : store;
    }
}
