package ai.piapi.collector.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** {@code <task_id>/manifest.json}: every captured file, where it came from and how to check it. */
@JsonPropertyOrder({"task_id", "captured_at", "files"})
public record Manifest(@JsonProperty("task_id") String taskId, @JsonProperty("captured_at") String capturedAt,
                       List<Entry> files) {

    /**
     * One file of the output.
     *
     * @param file        its name in the task's folder
     * @param jsonPath    where the output holds it, e.g. {@code output.image_urls[1]}
     * @param sourceUrl   the URL it was downloaded from; absent for decoded base64 content
     * @param bytes       its size
     * @param sha256      hex SHA-256 of its content
     * @param contentType the type the file host declared (or the one its signature shows, for base64)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"file", "json_path", "source_url", "bytes", "sha256", "content_type"})
    public record Entry(String file, @JsonProperty("json_path") String jsonPath,
                        @JsonProperty("source_url") String sourceUrl, long bytes, String sha256,
                        @JsonProperty("content_type") String contentType) {
    }
}
