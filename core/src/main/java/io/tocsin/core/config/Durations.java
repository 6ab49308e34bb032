package io.tocsin.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses the duration syntax of Tocsin's configuration: {@code 250ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}. */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses {@code text} as a duration: a whole number with a unit ({@code ms}, {@code s}, {@code m},
     * {@code h}, {@code d}), or an ISO-8601 duration such as {@code PT30S}.
     *
     * @throws ConfigException naming {@code key} and the value
     */
    public static Duration parse(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int unitStart = 0;
        while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart)) && t.charAt(unitStart) < 128) {
            unitStart++;
        }
        if (unitStart > 0 && unitStart <= 12) {
            long amount = Long.parseLong(t.substring(0, unitStart));
            switch (t.substring(unitStart)) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                case "d": return Duration.ofDays(amount);
                default: break;
            }
        } else if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new ConfigException(key, text, "is not a duration (examples: 250ms, 30s, 15m, 1h, 1d)");
    }

    /** Formats {@code duration} in the largest unit that keeps it whole, e.g. {@code 15m}. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 86_400_000 == 0 && ms != 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
