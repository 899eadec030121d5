package ai.piapi.collector.capture;

import ai.piapi.collector.format.ByteSizes;
import ai.piapi.collector.task.CaptureFailure;
import java.util.Base64;

/**
 * One file a completed task's {@code output} holds: an http(s) URL to download, or base64 content to decode.
 *
 * @param jsonPath where it sits, e.g. {@code output.image_urls[1]}
 * @param url      the URL as PiAPI gave it (trimmed), or null for base64 content
 * @param base64   the encoded content, or null for a URL
 * @param field    the name of the field that holds it ({@code image_url}), used to name base64 files
 */
public record OutputArtifact(String jsonPath, String url, String base64, String field) {

    public static OutputArtifact url(String jsonPath, String url, String field) {
        return new OutputArtifact(jsonPath, url, null, field);
    }

    public static OutputArtifact base64(String jsonPath, String base64, String field) {
        return new OutputArtifact(jsonPath, null, base64, field);
    }

    public boolean isUrl() {
        return url != null;
    }

    /** The base64 content decoded (a {@code data:} URI's payload too), refused over {@code maxBytes} or when not base64. */
    public byte[] decode(long maxBytes) {
        String text = base64.startsWith("data:") && base64.contains(",") ? base64.substring(base64.indexOf(',') + 1) : base64;
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(text);
            if (bytes.length > maxBytes) {
                throw CaptureFailure.permanent("collector.artifacts.max-bytes is " + ByteSizes.format(maxBytes)
                        + " and the base64 content is larger").at(jsonPath);
            }
            return bytes;
        } catch (IllegalArgumentException notBase64) {
            throw CaptureFailure.permanent("not valid base64").at(jsonPath);
        }
    }
}
