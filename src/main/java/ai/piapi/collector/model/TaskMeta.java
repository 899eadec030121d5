package ai.piapi.collector.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Timestamps are kept as PiAPI writes them (RFC 3339, {@code 0001-01-01T00:00:00Z} meaning none). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskMeta(
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("ended_at") String endedAt) {
}
