package ai.piapi.collector.format;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/** PiAPI's timestamps: RFC 3339 with 0 to 9 fraction digits, {@code Z} or an offset; year 1 means "none". */
public final class PiapiTime {
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    private PiapiTime() {
    }

    /** The instant a timestamp names; empty for null, blank, unreadable or the {@code 0001-01-01} "none" value. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(text.strip(), RFC_3339);
            return t.getYear() <= 1 ? Optional.empty() : Optional.of(t.toInstant());
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }
}
