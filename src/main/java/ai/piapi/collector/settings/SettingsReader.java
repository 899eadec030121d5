package ai.piapi.collector.settings;

import ai.piapi.collector.format.ByteSizes;
import ai.piapi.collector.format.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way a setting is read. Values are stripped. The rule for empty values: a key whose documented default
 * is empty (a token, a URI, a list: "unset") takes an empty value as unset; every other key refuses an empty value
 * rather than guessing, so {@code COLLECTOR_POLL_CONCURRENCY=} and {@code COLLECTOR_HTTP_PORT=} both stop start-up.
 * Every failure is a {@link ConfigurationException} whose message starts with the key, on one line.
 */
public final class SettingsReader {
    private final Function<String, Optional<String>> lookup;

    /** {@code lookup} applies the environment and system overrides (Camel's properties component). */
    public SettingsReader(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** The value, or {@code fallback} when the key is absent (or empty, when {@code fallback} is empty too). */
    public String text(String key, String fallback) {
        String value = lookup.apply(key).map(String::strip).orElse(fallback);
        if (value.isEmpty() && !fallback.isEmpty()) {
            throw new ConfigurationException(key + " is empty: leave it out for its default (" + fallback
                    + ") or give a value");
        }
        return value;
    }

    /** An absolute, normalised folder or file path. */
    public Path path(String key, String fallback) {
        return Path.of(text(key, fallback)).toAbsolutePath().normalize();
    }

    /** A duration ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 1d}, or milliseconds) above zero. */
    public Duration duration(String key, String fallback) {
        try {
            Duration d = Durations.parse(text(key, fallback));
            if (d.isZero()) {
                throw new IllegalArgumentException("must be more than zero");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + ": " + e.getMessage());
        }
    }

    public int whole(String key, String fallback, int min) {
        return (int) wholeLong(key, fallback, min, Integer.MAX_VALUE, "a whole number of at least " + min);
    }

    /** A TCP port; 0 picks a free one. */
    public int port(String key, String fallback) {
        return (int) wholeLong(key, fallback, 0, 65_535, "a port number (0 to 65535; 0 picks a free one)");
    }

    /** A count of bytes written as a plain number. */
    public long bytes(String key, String fallback) {
        return wholeLong(key, fallback, 1, Long.MAX_VALUE, "a whole number of bytes of at least 1");
    }

    /** A size with a unit ({@code 2GiB}, {@code 500MB}, {@code 1024}) of at least one byte. */
    public long size(String key, String fallback) {
        try {
            long bytes = ByteSizes.parse(text(key, fallback));
            if (bytes < 1) {
                throw new IllegalArgumentException("must be at least 1 byte");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + ": " + e.getMessage());
        }
    }

    public double decimal(String key, String fallback, double min) {
        String value = text(key, fallback);
        try {
            double d = Double.parseDouble(value);
            if (d >= min && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigurationException(key + ": '" + value + "' is not a number of at least " + min);
    }

    public double fraction(String key, String fallback) {
        double d = decimal(key, fallback, 0.0);
        if (d > 1.0) {
            throw new ConfigurationException(key + ": '" + d + "' is not a fraction between 0 and 1");
        }
        return d;
    }

    public boolean flag(String key, String fallback) {
        return choice(key, fallback, "true", "false").equals("true");
    }

    /** One of {@code allowed}, in lower case. */
    public String choice(String key, String fallback, String... allowed) {
        String value = text(key, fallback).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw new ConfigurationException(key + ": '" + value + "' is not " + String.join(" or ", allowed));
    }

    private long wholeLong(String key, String fallback, long min, long max, String what) {
        String value = text(key, fallback);
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigurationException(key + ": '" + value + "' is not " + what);
    }
}
