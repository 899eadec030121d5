package ai.piapi.collector.task;

/**
 * Why a completed task's output files could not be captured. {@link #retryable()} says whether trying again may
 * help (HTTP errors, timeouts, broken connections) or cannot (a refused host, a file over the size cap). The
 * message names the file by its JSON path and host only, never a query string.
 */
public class CaptureFailure extends RuntimeException {
    private final boolean retryable;
    private final Integer httpStatus;

    public CaptureFailure(String message, boolean retryable, Integer httpStatus) {
        super(message);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    public static CaptureFailure retryable(String message) {
        return new CaptureFailure(message, true, null);
    }

    public static CaptureFailure permanent(String message) {
        return new CaptureFailure(message, false, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** The file host's HTTP status, when it answered with an error. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** The same failure with {@code where} (a JSON path) in front of its message. */
    public CaptureFailure at(String where) {
        return new CaptureFailure(where + ": " + getMessage(), retryable, httpStatus);
    }
}
