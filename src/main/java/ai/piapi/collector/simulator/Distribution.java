package ai.piapi.collector.simulator;

import java.util.Locale;
import java.util.random.RandomGenerator;

/** How long a simulated task runs: {@code fixed:5000}, {@code uniform:1000-9000} or {@code lognormal:20000,0.8} (median ms, sigma). */
public record Distribution(String kind, double a, double b) {

    public static Distribution parse(String spec) {
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":", 2);
        try {
            return switch (parts[0]) {
                case "fixed" -> new Distribution("fixed", Double.parseDouble(parts[1]), 0);
                case "uniform" -> {
                    String[] range = parts[1].split("-");
                    yield new Distribution("uniform", Double.parseDouble(range[0]), Double.parseDouble(range[1]));
                }
                case "lognormal" -> {
                    String[] args = parts[1].split(",");
                    yield new Distribution("lognormal", Double.parseDouble(args[0]), Double.parseDouble(args[1]));
                }
                default -> throw new IllegalArgumentException(spec);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("duration '" + spec
                    + "': use fixed:MS, uniform:MIN-MAX or lognormal:MEDIAN_MS,SIGMA");
        }
    }

    /** One sample, in milliseconds, never negative. */
    public long sample(RandomGenerator random) {
        double ms = switch (kind) {
            case "fixed" -> a;
            case "uniform" -> a + random.nextDouble() * (b - a);
            default -> a * Math.exp(b * random.nextGaussian());
        };
        return Math.max(0, Math.round(ms));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case "fixed" -> "fixed:" + (long) a;
            case "uniform" -> "uniform:" + (long) a + "-" + (long) b;
            default -> "lognormal:" + (long) a + "," + b;
        };
    }
}
