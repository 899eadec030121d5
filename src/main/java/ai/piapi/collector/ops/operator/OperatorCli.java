package ai.piapi.collector.ops.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code bin/piapi-collector status} and {@code bin/piapi-collector replay --reason capture_failed [--since 6h]
 * [--until <time>] [--task-id <id> ...]}: the running collector's HTTP API for people at a terminal. The address
 * and token are the collector's own settings ({@code collector.http.host}, {@code .port}, {@code .token}), read as
 * the collector reads them: {@code -Dkey=value}, then the environment ({@code COLLECTOR_HTTP_TOKEN}), then
 * {@code config/application.properties}, then the defaults packed in the jar.
 */
public final class OperatorCli {
    static final int OK = 0;
    static final int FAILED = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    OperatorCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new OperatorCli(System.getenv(), System.out, System.err).run(args));
    }

    int run(String... args) {
        if (args.length == 0 || !(args[0].equals("status") || args[0].equals("replay"))) {
            err.println("usage: piapi-collector status | replay [--reason R] [--since T] [--until T] [--task-id ID ...]");
            return FAILED;
        }
        URI base = URI.create("http://" + connectHost(setting("collector.http.host")) + ":" + setting("collector.http.port"));
        try {
            return args[0].equals("status") ? status(base) : replay(base, args);
        } catch (IllegalArgumentException e) {
            err.println("piapi-collector: " + e.getMessage());
            return FAILED;
        } catch (ConnectException e) {
            err.println("piapi-collector: no collector answers at " + base + ": is it running? (collector.http.host, collector.http.port)");
            return FAILED;
        } catch (IOException e) {
            err.println("piapi-collector: " + base + " did not answer: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private int status(URI base) throws IOException, InterruptedException {
        JsonNode s = call(HttpRequest.newBuilder(base.resolve("/status.json")).GET());
        if (s == null) {
            return FAILED;
        }
        JsonNode c = s.path("counts");
        out.printf("tasks: %d open, %d completed, %d dead-lettered%n", c.path("open").asLong(), c.path("completed").asLong(),
                c.path("dead").asLong());
        s.path("dead_by_reason").forEach(d -> out.printf("  dead %-20s %d%n", d.path("reason").asText(), d.path("count").asLong()));
        if (s.path("oldest_open").size() > 0) {
            JsonNode oldest = s.path("oldest_open").get(0);
            out.printf("oldest open: %s, %d s since intake%n", oldest.path("task_id").asText(), oldest.path("age_seconds").asLong());
        }
        s.path("brokers").forEach(b -> out.printf("broker %s: %s%n", b.path("name").asText(), b.path("state").asText()));
        boolean healthy = true;
        for (JsonNode h : s.path("health")) {
            String state = h.path("state").asText();
            healthy &= state.equals("up");
            out.printf("check %s: %s%s%n", h.path("check").asText(), state,
                    h.path("message").isTextual() ? " (" + h.path("message").asText() + ")" : "");
        }
        return healthy ? OK : FAILED;
    }

    private int replay(URI base, String[] args) throws IOException, InterruptedException {
        ObjectNode ask = JSON.createObjectNode();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--reason" -> ask.put("reason", value);
                case "--since" -> ask.put("since", value);
                case "--until" -> ask.put("until", value);
                case "--task-id" -> ask.withArray("task_ids").add(value);
                default -> throw new IllegalArgumentException("unknown option " + option
                        + " (replay takes --reason, --since, --until, --task-id)");
            }
        }
        JsonNode answer = call(HttpRequest.newBuilder(base.resolve("/tasks/replay")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ask.toString())));
        if (answer == null) {
            return FAILED;
        }
        out.printf("replayed %d dead-lettered task(s)%s%n", answer.path("replayed").asInt(),
                answer.path("more").asBoolean() ? " (the first 1000 listed by the API)" : "");
        answer.path("not_dead").forEach(id -> out.println("not dead-lettered, left alone: " + id.asText()));
        return OK;
    }

    /** The answer's JSON, or null after saying what went wrong. */
    private JsonNode call(HttpRequest.Builder request) throws IOException, InterruptedException {
        String token = setting("collector.http.token");
        if (!token.isBlank()) {
            request.header("Authorization", "Bearer " + token.strip());
        }
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException notJson) {
            body = null;
        }
        if (r.statusCode() == 401) {
            err.println("piapi-collector: the collector refused the token: set COLLECTOR_HTTP_TOKEN (collector.http.token) to its token");
            return null;
        }
        if (r.statusCode() / 100 != 2 || body == null) {
            err.println("piapi-collector: HTTP " + r.statusCode() + (body != null && body.path("error").isTextual()
                    ? ": " + body.path("error").asText() : ""));
            return null;
        }
        return body;
    }

    /** A setting as the collector resolves it (system property, environment, working folder's file, packed default). */
    String setting(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        if (value == null) {
            value = fromFile(key);
        }
        return value == null ? "" : value;
    }

    private static String fromFile(String key) {
        Properties props = new Properties();
        try (InputStream packed = OperatorCli.class.getResourceAsStream("/application.properties")) {
            if (packed != null) {
                props.load(packed);
            }
            Path local = Path.of("config", "application.properties");
            if (Files.isReadable(local)) {
                try (Reader r = Files.newBufferedReader(local)) {
                    props.load(r);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the settings: " + e.getMessage());
        }
        return props.getProperty(key);
    }

    /** A server listening on every address is reached on this machine's loopback. */
    private static String connectHost(String host) {
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
