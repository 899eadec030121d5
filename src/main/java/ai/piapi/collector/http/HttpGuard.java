package ai.piapi.collector.http;

import ai.piapi.collector.domain.Secrets;

/** The optional bearer token in front of {@code /tasks} ({@code collector.http.token}; empty leaves it open). */
public class HttpGuard {
    private static final String BEARER = "bearer ";

    private final String token;

    public HttpGuard(String token) {
        this.token = token == null ? "" : token;
    }

    public void checkToken(String authorization) {
        if (token.isEmpty()) {
            return;
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
        if (!Secrets.matches(token, presented)) {
            throw RequestRefused.unauthorised("missing or wrong bearer token");
        }
    }
}
