package ai.piapi.collector.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of the embedded server, ahead of every route, on the event loop: it applies {@link RequestGate},
 * caps the requests in flight (below Vert.x's 20 worker threads, so health and metrics, which are not counted, still
 * find one) and the request bytes they may buffer (503 with Retry-After beyond either), and closes
 * a connection whose request is not read whole within the read timeout (a client that sends half a request and
 * waits). Nothing of a refused request's body is read or logged.
 */
public class HttpGate extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpGate.class);
    /** Runs before every other route of the router (Vert.x orders routes by this number). */
    private static final int FIRST = -1_000_000;

    private final RequestGate gate;
    private final int maxRequests;
    private final long bodyBudget;
    private final long bufferedBodyLimit;
    private final Duration readTimeout;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong refusedBusy = new AtomicLong();

    /**
     * @param bufferedBodyLimit what a request without a Content-Length may buffer on a path that reads its body whole
     */
    public HttpGate(RequestGate gate, int maxRequests, long bodyBudget, long bufferedBodyLimit, Duration readTimeout) {
        this.gate = gate;
        this.maxRequests = maxRequests;
        this.bodyBudget = bodyBudget;
        this.bufferedBodyLimit = bufferedBodyLimit;
        this.readTimeout = readTimeout;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreCamelContextInitEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelContext context = ((CamelEvent.CamelContextStartedEvent) event).getContext();
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            Vertx vertx = router.vertx();
            router.route().order(FIRST).handler(ctx -> handle(vertx, ctx));
        }
    }

    /** Requests being handled now (metrics, tests). */
    public int inFlight() {
        return inFlight.get();
    }

    void handle(Vertx vertx, RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        RequestGate.Refusal refusal = gate.check(request.path(), request.getHeader(HttpHeaders.HOST),
                request.getHeader(HttpHeaders.ORIGIN), request.query(), request.getHeader(HttpHeaders.CONTENT_TYPE));
        if (refusal != null) {
            refuse(ctx, refusal.status(), refusal.reason());
            return;
        }
        if (request.path().startsWith("/observe/")) {
            ctx.next(); // health and metrics: no body, quick, and must answer while the rest is busy
            return;
        }
        long cost = cost(request);
        if (inFlight.incrementAndGet() > maxRequests || buffered.addAndGet(cost) > bodyBudget) {
            release(cost);
            if (refusedBusy.getAndIncrement() % 1000 == 0) {
                LOG.warn("HTTP face busy: {} requests in flight (collector.http.max-requests {}), {} bytes of bodies"
                        + " (collector.http.body-budget {}); refused with 503 ({} so far)", inFlight.get(), maxRequests,
                        buffered.get(), bodyBudget, refusedBusy.get());
            }
            ctx.response().putHeader("Retry-After", "1");
            refuse(ctx, 503, "the collector is busy; try again shortly");
            return;
        }
        long timer = vertx.setTimer(readTimeout.toMillis(), id -> {
            if (!request.isEnded()) {
                request.connection().close(); // half a request, then nothing: the connection goes
            }
        });
        ctx.addEndHandler(done -> {
            vertx.cancelTimer(timer);
            release(cost);
        });
        ctx.next();
    }

    private void release(long cost) {
        inFlight.decrementAndGet();
        buffered.addAndGet(-cost);
    }

    /** What a request may hold in memory: its declared length, or the path's cap for a body of unknown length. */
    private long cost(HttpServerRequest request) {
        if (request.path().equals("/tasks")) {
            return 0; // POST /tasks streams its body: nothing of it is held whole
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Math.max(0, Long.parseLong(length.strip()));
            } catch (NumberFormatException unreadable) {
                return bufferedBodyLimit;
            }
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null ? bufferedBodyLimit : 0;
    }

    private static void refuse(RoutingContext ctx, int status, String reason) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"error\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .onComplete(sent -> ctx.request().connection().close()); // the body it may still send is not read
    }
}
