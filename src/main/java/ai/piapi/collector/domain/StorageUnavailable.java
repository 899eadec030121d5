package ai.piapi.collector.domain;

/**
 * The storage (the completed folder or bucket, the dead-letter folder, the capture's staging folder) could not take
 * a write: a full or read-only disk, a bucket that does not answer or refuses the credentials. An outage of the
 * collector's surroundings, never a failure of the task: the stage pauses and tries the same work again.
 */
public class StorageUnavailable extends RuntimeException {
    public StorageUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code doing} (e.g. "cannot write /data/completed/x.json") with the cause's class and message. */
    public static StorageUnavailable of(String doing, Throwable cause) {
        return new StorageUnavailable(doing + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }

    /** The kind of error, for logging once per change: the underlying cause's class. */
    public String kind() {
        return getCause() == null ? getClass().getSimpleName() : getCause().getClass().getSimpleName();
    }
}
