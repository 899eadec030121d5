package ai.piapi.collector.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** PiAPI's unified response: {@code {"code": 200, "data": {…}, "message": "success"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskEnvelope(Integer code, TaskData data, String message) {
}
