package ai.piapi.collector.http;

/**
 * A request from outside that the collector refuses as a whole, with the HTTP status that says why
 * (400 malformed, 401 not authorised, 404 unknown, 413 too large, 415 a form instead of JSON or text). The message is shown to the caller:
 * it never quotes the request body or a secret.
 */
public class RequestRefused extends RuntimeException {
    private final int status;

    public RequestRefused(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static RequestRefused malformed(String message) {
        return new RequestRefused(400, message);
    }

    public static RequestRefused unauthorised(String message) {
        return new RequestRefused(401, message);
    }

    public static RequestRefused notFound(String message) {
        return new RequestRefused(404, message);
    }

    public static RequestRefused tooLarge(String message) {
        return new RequestRefused(413, message);
    }
}
