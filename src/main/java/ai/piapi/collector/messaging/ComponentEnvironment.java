package ai.piapi.collector.messaging;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.camel.main.MainHelper;
import org.apache.camel.main.BaseMainSupport;

/**
 * Component settings from the environment: {@code CAMEL_COMPONENT_KAFKA_BROKERS} is
 * {@code camel.component.kafka.brokers}, {@code CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIG} is
 * {@code camel.component.kafka.sasl-jaas-config}, and the same for {@code CAMEL_DATAFORMAT_*} and
 * {@code CAMEL_LANGUAGE_*}. Camel Main 4.18 documents this but never applies it: it filters the environment with
 * the dotted prefix {@code camel.component.} against upper-case variable names, which nothing matches. This uses
 * Camel's own mapping (its catalog knows where a component name ends) and hands the result to Main as override
 * properties, so the order stays Camel's: the properties file, then the environment, then {@code -D} options.
 */
public final class ComponentEnvironment {
    private static final String[] PREFIXES = {"CAMEL_COMPONENT_", "CAMEL_DATAFORMAT_", "CAMEL_LANGUAGE_"};

    private ComponentEnvironment() {
    }

    /** Gives {@code main} every component, data format and language setting found in {@code environment}. */
    public static void apply(BaseMainSupport main, Map<String, String> environment) {
        properties(environment).forEach(main::addOverrideProperty);
    }

    /** The Camel property of each {@code CAMEL_COMPONENT_*}, {@code CAMEL_DATAFORMAT_*}, {@code CAMEL_LANGUAGE_*} variable. */
    static Map<String, String> properties(Map<String, String> environment) {
        Map<String, String> wanted = new HashMap<>();
        environment.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            for (String prefix : PREFIXES) {
                if (upper.startsWith(prefix) && upper.length() > prefix.length()) {
                    wanted.put(upper, value);
                }
            }
        });
        Properties mapped = new Properties();
        if (!wanted.isEmpty()) {
            MainHelper camel = new MainHelper();
            camel.addComponentEnvVariables(wanted, mapped, false); // the components Camel knows, by its catalog
            camel.addDataFormatEnvVariables(wanted, mapped, false);
            camel.addLanguageEnvVariables(wanted, mapped, false);
            Map<String, String> custom = new HashMap<>(wanted); // the rest: a component of your own, name up to the first _
            custom.keySet().removeIf(k -> !k.startsWith(PREFIXES[0]));
            camel.addComponentEnvVariables(custom, mapped, true);
        }
        Map<String, String> answer = new TreeMap<>();
        mapped.forEach((k, v) -> answer.put(k.toString(), v.toString()));
        return answer;
    }
}
