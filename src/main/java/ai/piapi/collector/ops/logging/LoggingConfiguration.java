package ai.piapi.collector.ops.logging;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Checks {@code collector.log.format} first of all (Logback picked its appender from the same value, see
 * {@link LogFormat}): a value that is not {@code text} or {@code json} stops start-up with one line naming the key.
 */
public class LoggingConfiguration implements CamelConfiguration {
    @Override
    public void configure(CamelContext context) {
        LogSettings.load(context.getPropertiesComponent()::resolveProperty);
    }
}
