package ai.piapi.collector.simulator;

import java.util.HashMap;
import java.util.Map;

/**
 * What the simulator does. Every field has a command-line form {@code --name=value}; rates are
 * probabilities per request (0..1), times are milliseconds.
 *
 * @param port          listening port (0 = any free one)
 * @param duration      task run time distribution, from the first time a task is seen
 * @param queueMs       time a task stays {@code pending} before it starts
 * @param failedRate    share of tasks that end {@code failed}
 * @param cancelledRate share of tasks that end {@code cancelled}
 * @param latencyMs     added to every reply (an internet round trip)
 * @param error500Rate  requests answered 500
 * @param error429Rate  requests answered 429 with {@code Retry-After: retryAfterSeconds}
 * @param htmlRate      requests answered 200 with an HTML error page
 * @param resetRate     requests whose connection is dropped without an answer
 * @param slowRate      requests answered only after {@code slowMs}
 * @param outputBytes   size of each task's output file at {@code /files/<id>.png}
 * @param webhookUrl    when set, final statuses are also pushed there as PiAPI webhooks
 * @param webhookSecret sent in {@code x-webhook-secret} with each push
 * @param seed          random seed, for repeatable runs
 * @param models        the models tasks belong to, each with its own run time distribution; a task gets one of them
 *                      at random. {@code --models=Qubico/flux1-schnell:txt2img=lognormal:20000,0.8;Qubico/wanx:txt2video=fixed:90000}.
 *                      Default: one model, {@code Qubico/flux1-schnell txt2img}, with {@code duration}
 */
public record SimulatorConfig(int port, Distribution duration, long queueMs, double failedRate, double cancelledRate,
                              long latencyMs, double error500Rate, double error429Rate, int retryAfterSeconds,
                              double htmlRate, double resetRate, double slowRate, long slowMs, long outputBytes,
                              String webhookUrl, String webhookSecret, long seed, java.util.List<Model> models) {

    /** A model of the simulated tasks and its run time distribution. */
    public record Model(String name, String taskType, Distribution duration) {
        static java.util.List<Model> parse(String spec, Distribution fallback) {
            if (spec.isBlank()) {
                return java.util.List.of(new Model("Qubico/flux1-schnell", "txt2img", fallback));
            }
            return java.util.Arrays.stream(spec.split(";")).map(String::strip).filter(m -> !m.isEmpty()).map(m -> {
                int eq = m.indexOf('=');
                int colon = m.lastIndexOf(':', eq);
                if (eq < 0 || colon < 0) {
                    throw new IllegalArgumentException("expected model:task_type=distribution, got '" + m + "'");
                }
                return new Model(m.substring(0, colon), m.substring(colon + 1, eq), Distribution.parse(m.substring(eq + 1)));
            }).toList();
        }
    }

    public static SimulatorConfig defaults() {
        return parse(new String[0]);
    }

    /** Reads {@code --name=value} arguments over the defaults. */
    public static SimulatorConfig parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
            }
            a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        SimulatorConfig c = new SimulatorConfig(
                Integer.parseInt(a.getOrDefault("port", "8089")),
                Distribution.parse(a.getOrDefault("duration", "lognormal:5000,0.5")),
                Long.parseLong(a.getOrDefault("queue-ms", "0")),
                Double.parseDouble(a.getOrDefault("failed-rate", "0.05")),
                Double.parseDouble(a.getOrDefault("cancelled-rate", "0.01")),
                Long.parseLong(a.getOrDefault("latency-ms", "0")),
                Double.parseDouble(a.getOrDefault("error500-rate", "0")),
                Double.parseDouble(a.getOrDefault("error429-rate", "0")),
                Integer.parseInt(a.getOrDefault("retry-after-seconds", "1")),
                Double.parseDouble(a.getOrDefault("html-rate", "0")),
                Double.parseDouble(a.getOrDefault("reset-rate", "0")),
                Double.parseDouble(a.getOrDefault("slow-rate", "0")),
                Long.parseLong(a.getOrDefault("slow-ms", "5000")),
                Long.parseLong(a.getOrDefault("output-bytes", "2048")),
                a.getOrDefault("webhook-url", ""),
                a.getOrDefault("webhook-secret", ""),
                Long.parseLong(a.getOrDefault("seed", "42")),
                Model.parse(a.getOrDefault("models", ""), Distribution.parse(a.getOrDefault("duration", "lognormal:5000,0.5"))));
        a.keySet().removeAll(KNOWN);
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + a.keySet());
        }
        return c;
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of("port", "duration", "queue-ms", "failed-rate",
            "cancelled-rate", "latency-ms", "error500-rate", "error429-rate", "retry-after-seconds", "html-rate",
            "reset-rate", "slow-rate", "slow-ms", "output-bytes", "webhook-url", "webhook-secret", "seed", "models");
}
