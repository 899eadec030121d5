package ai.piapi.collector.format;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes: a plain number of bytes, or with a unit: {@code 500KB}, {@code 200MiB}, {@code 2GiB} (KB = 1000, KiB = 1024). */
public final class ByteSizes {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([kmgt]i?b|b)?");

    private ByteSizes() {
    }

    public static long parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use bytes, or 500KB, 200MiB, 2GiB)");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long base = unit.contains("i") ? 1024 : 1000;
        int power = "bkmgt".indexOf(unit.charAt(0));
        try {
            long n = Long.parseLong(m.group(1));
            for (int i = 0; i < power; i++) {
                n = Math.multiplyExact(n, base);
            }
            return n;
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    /** Short human form for logs: {@code 512 B}, {@code 1.5 MiB}, {@code 2.0 GiB}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int i = -1;
        while (value >= 1024 && i < units.length - 1) {
            value /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[i]);
    }
}
