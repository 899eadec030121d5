package ai.piapi.collector.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** Pushes each task's final state to the webhook URL when it becomes final, as PiAPI does. */
final class WebhookPusher implements AutoCloseable {
    private final SimulatorConfig config;
    private final TaskJson json;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LongAdder pushed = new LongAdder();

    WebhookPusher(SimulatorConfig config, TaskJson json) {
        this.config = config;
        this.json = json;
    }

    void schedule(SimulatedTask task) {
        if (config.webhookUrl().isBlank()) {
            return;
        }
        long wait = Math.max(0, task.endAt() - System.currentTimeMillis());
        timer.schedule(() -> push(task), wait, TimeUnit.MILLISECONDS);
    }

    private void push(SimulatedTask task) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.webhookUrl()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("x-webhook-secret", config.webhookSecret())
                .POST(HttpRequest.BodyPublishers.ofString(json.webhook(task, System.currentTimeMillis())))
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenRun(pushed::increment);
    }

    long pushed() {
        return pushed.sum();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
