package ai.piapi.collector.capture;

/** A file written to disk: its size, hex SHA-256 and the content type its host declared (null if none). */
public record Fetched(long bytes, String sha256, String contentType) {
}
