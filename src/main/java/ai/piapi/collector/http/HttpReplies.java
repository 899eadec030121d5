package ai.piapi.collector.http;

import ai.piapi.collector.domain.StorageUnavailable;
import ai.piapi.collector.ledger.LedgerUnavailable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The JSON the HTTP routes answer with. */
public class HttpReplies {
    private final ObjectMapper mapper;

    public HttpReplies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String json(Object value) throws JsonProcessingException {
        return mapper.writeValueAsString(value);
    }

    /** {@code {"error": "..."}}: the refusal's own words, or a fixed text for anything unexpected. */
    public String error(Throwable failure) throws JsonProcessingException {
        RequestRefused refused = refusal(failure);
        return json(Map.of("error", refused != null ? refused.getMessage()
                : outage(failure) ? "the collector's storage or ledger is unavailable for now; try again later"
                : "the collector could not handle the request; see its log"));
    }

    /**
     * The refusal's status; 503 while the storage or the ledger is out (logged once by the outage, not per request);
     * 500 for anything unexpected (which the route logs).
     */
    public int status(Throwable failure) {
        RequestRefused refused = refusal(failure);
        return refused != null ? refused.status() : outage(failure) ? 503 : 500;
    }

    private static boolean outage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageUnavailable || t instanceof LedgerUnavailable) {
                return true;
            }
        }
        return false;
    }

    /** Camel wraps what a bean throws (bean expressions, invocation): the refusal may sit a few causes down. */
    static RequestRefused refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestRefused refused) {
                return refused;
            }
        }
        return null;
    }
}
