package ai.piapi.collector.ops.operator;

import ai.piapi.collector.http.RequestRefused;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The status page's files and the OpenAPI document, from the jar ({@code operator/}): a fixed list, so a request
 * names one of them and never a path. uPlot is vendored (its license beside it): the page loads nothing from elsewhere.
 */
public class OperatorAssets {
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "status.js", "text/javascript; charset=utf-8",
            "status.css", "text/css; charset=utf-8",
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8",
            "uPlot.LICENSE", "text/plain; charset=utf-8",
            "openapi.json", "application/json");

    /** One file: its bytes and content type (read for the Camel route through the getters). */
    public static final class Asset {
        private final byte[] bytes;
        private final String contentType;

        Asset(byte[] bytes, String contentType) {
            this.bytes = bytes;
            this.contentType = contentType;
        }

        public byte[] getBytes() {
            return bytes.clone();
        }

        public String getContentType() {
            return contentType;
        }
    }

    public Asset find(String name) {
        String type = name == null ? null : TYPES.get(name);
        if (type == null) {
            throw RequestRefused.notFound("no such file");
        }
        try (InputStream in = OperatorAssets.class.getResourceAsStream("/operator/" + name)) {
            if (in == null) {
                throw new IllegalStateException("operator/" + name + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
