package io.tocsin.core.http;

import io.tocsin.core.config.ConfigException;
import java.util.Locale;

/** Parses sizes in configuration: a number of bytes, or one with a unit {@code KB}, {@code MB}, {@code GB} (powers of 1024). */
public final class ByteSizes {

    private ByteSizes() {
    }

    /** @throws ConfigException naming {@code key} and {@code text} */
    public static long parse(String key, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("_", "");
        long unit = 1;
        if (t.endsWith("KB") || t.endsWith("K")) {
            unit = 1L << 10;
        } else if (t.endsWith("MB") || t.endsWith("M")) {
            unit = 1L << 20;
        } else if (t.endsWith("GB") || t.endsWith("G")) {
            unit = 1L << 30;
        } else if (t.endsWith("B")) {
            unit = 1;
        }
        String digits = t.replaceAll("[KMGB]+$", "");
        try {
            long n = Long.parseLong(digits);
            if (n > 0 && n <= Long.MAX_VALUE / unit) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, text, "is not a size greater than zero (examples: 65536, 64KB, 16MB)");
    }

    /** {@code bytes} in the largest whole unit, e.g. {@code 1MB}. */
    public static String format(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KB";
        }
        return bytes + "B";
    }
}
