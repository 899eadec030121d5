package ai.piapi.collector.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the formatted log lines (with stack traces) of the test JVM, so tests can assert on them. */
public class LogCapture extends AppenderBase<ILoggingEvent> {
    private static final List<String> LINES = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        LINES.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage()
                + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown)));
    }

    public static int mark() {
        return LINES.size();
    }

    /** The lines logged since {@code mark}. */
    public static List<String> since(int mark) {
        return List.copyOf(LINES.subList(mark, LINES.size()));
    }
}
