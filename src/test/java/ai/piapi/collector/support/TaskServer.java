package ai.piapi.collector.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PiAPI get-task stand-in for thousands of tasks (WireMock scenarios are too slow for that): each task answers
 * {@code processing} until its {@link Fate} says it is final, and every request is logged with its arrival time so
 * that tests can hold the log against the ledger.
 */
public final class TaskServer implements AutoCloseable {
    private static final String PATH = "/api/v1/task/";

    static {
        // without it the JDK server's header and body writes meet Nagle + delayed ACK: 40 ms per answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Which poll of a task is its final one, and how it ends. */
    public interface Fate {
        /** The status the {@code poll}-th request (from 1) for {@code taskId} answers. */
        String statusAt(String taskId, int poll);
    }

    /** One GET as it arrived. */
    public record Request(String taskId, long atMillis) {
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(64);
    private final Fate fate;
    private final long latencyMs;
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Request> log = new ConcurrentLinkedQueue<>();

    private TaskServer(Fate fate, long latencyMs) throws IOException {
        this.fate = fate;
        this.latencyMs = latencyMs;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.createContext(PATH, this::getTask);
        server.setExecutor(workers);
    }

    /** {@code latencyMs} is added to every answer (an internet round trip). */
    public static TaskServer start(Fate fate, long latencyMs) throws IOException {
        TaskServer s = new TaskServer(fate, latencyMs);
        s.server.start();
        return s;
    }

    /** A task that completes at its {@code n}-th poll. */
    public static String completesAt(int poll, int n) {
        return poll >= n ? "completed" : "processing";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return new ArrayList<>(log);
    }

    public int requestCount() {
        return log.size();
    }

    private void getTask(HttpExchange exchange) throws IOException {
        long at = System.currentTimeMillis();
        String id = exchange.getRequestURI().getPath().substring(PATH.length());
        log.add(new Request(id, at));
        if (!CollectorRun.API_KEY.equals(exchange.getRequestHeaders().getFirst("X-API-Key"))) {
            reply(exchange, 401, "{\"code\":401,\"message\":\"invalid api key\"}");
            return;
        }
        int poll = polls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        String status = fate.statusAt(id, poll);
        String error = "failed".equals(status)
                ? "{\"code\":10000,\"raw_message\":\"upstream says no\",\"message\":\"simulated failure\",\"detail\":null}"
                : "{\"code\":0,\"raw_message\":\"\",\"message\":\"\",\"detail\":null}";
        if (latencyMs > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(latencyMs); // the simulated round trip, not a wait in a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reply(exchange, 200, PiapiStub.envelope(id, status, error));
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
