package ai.piapi.collector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** The yardsticks: a tight GET loop (the raw ceiling) and a one-task-at-a-time poller (the public clients' way). */
final class Clients {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Clients() {
    }

    /** Requests per second that {@code threads} tight loops get from the server, {@code total} requests in all. */
    static double rawCeiling(String baseUrl, int threads, int total) throws Exception {
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(threads).setMaxConnTotal(threads).build())
                .disableAutomaticRetries().build()) {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long started = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        client.execute(new HttpGet(baseUrl + "/api/v1/task/raw-" + i), r -> EntityUtils.toString(r.getEntity()));
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.MINUTES);
            return total / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** Tasks per second of a poller that GETs one task at a time and stores it when completed. */
    static double sequentialPoller(String baseUrl, int tasks, Path folder) throws Exception {
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            long started = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                String id = "seq-" + i;
                String body = client.execute(new HttpGet(baseUrl + "/api/v1/task/" + id), r -> EntityUtils.toString(r.getEntity()));
                JsonNode data = JSON.readTree(body).path("data");
                if ("completed".equals(data.path("status").asText())) {
                    Files.writeString(folder.resolve(id + ".json"), data.toString());
                }
            }
            return tasks / ((System.nanoTime() - started) / 1e9);
        }
    }
}
