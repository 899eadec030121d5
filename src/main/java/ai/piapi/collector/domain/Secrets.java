package ai.piapi.collector.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Compares a presented secret (webhook secret, bearer token) with the configured one in constant time. */
public final class Secrets {
    private Secrets() {
    }

    /**
     * True only when a secret is configured and {@code presented} equals it. Both sides are hashed first, so
     * neither the content nor the length of the configured secret shows in the time taken.
     */
    public static boolean matches(String configured, String presented) {
        if (configured == null || configured.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(configured), sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
