package ai.piapi.collector.settings;

/** A setting that cannot work; its message is the one line an operator sees before exit code 1. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
