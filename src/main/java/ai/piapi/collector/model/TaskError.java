package ai.piapi.collector.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** PiAPI's error object; on success its code is 0 and its strings are empty. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskError(
        Integer code,
        @JsonProperty("raw_message") String rawMessage,
        String message,
        String detail) {

    public boolean isEmpty() {
        return (code == null || code == 0) && blank(rawMessage) && blank(message) && blank(detail);
    }

    /** The most telling text PiAPI gave, or null. */
    public String text() {
        for (String s : new String[] {message, rawMessage, detail}) {
            if (!blank(s)) {
                return s;
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
