package ai.piapi.collector.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A collector's readiness as an orchestrator asks for it: {@code GET /observe/health/ready} over HTTP. */
public final class Readiness {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Readiness() {
    }

    /** "UP", or the body of the 503 that names the checks that are down (or why there was no answer). */
    public static String of(URI base) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/observe/health/ready"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? "UP" : r.body();
        } catch (IOException e) {
            return "no answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
