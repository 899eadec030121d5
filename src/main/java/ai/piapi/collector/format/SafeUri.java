package ai.piapi.collector.format;

/** An endpoint URI cut down to what may be shown and stored: no query (options, keys), no user info. */
public final class SafeUri {
    private SafeUri() {
    }

    /** {@code jms:queue:tasks?password=x} -> {@code jms:queue:tasks}; {@code amqp://u:p@host/q} -> {@code amqp://host/q}. */
    public static String of(String uri) {
        if (uri == null) {
            return "";
        }
        String base = uri.strip();
        int query = base.indexOf('?');
        if (query >= 0) {
            base = base.substring(0, query);
        }
        int at = base.lastIndexOf('@');
        if (at >= 0) {
            int start = base.indexOf("//");
            int userInfoFrom = start >= 0 && start < at ? start + 2 : base.indexOf(':') + 1;
            base = base.substring(0, userInfoFrom) + base.substring(at + 1);
        }
        return base;
    }
}
