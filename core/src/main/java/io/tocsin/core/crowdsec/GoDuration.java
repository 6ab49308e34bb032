package io.tocsin.core.crowdsec;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Parses Go's {@code time.Duration} text, which CrowdSec uses for a decision's remaining time:
 * {@code 1h59m56.69s}, {@code 59m58.974033206s}, {@code -18.569809ms}, {@code 0s}. Units are
 * {@code h}, {@code m}, {@code s}, {@code ms}, {@code us} (or {@code µs}) and {@code ns}; each part may
 * have a fraction; a leading sign applies to the whole.
 */
final class GoDuration {

    private GoDuration() {
    }

    /** @throws IllegalArgumentException naming the text if it is not a Go duration */
    static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        BigDecimal nanos = BigDecimal.ZERO;
        boolean any = false;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("not a Go duration: \"" + text + "\"");
            }
            BigDecimal number;
            try {
                number = new BigDecimal(text.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a Go duration: \"" + text + "\"");
            }
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            long unitNanos = switch (text.substring(unitStart, i)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                case "us", "µs", "μs" -> 1_000L;
                case "ns" -> 1L;
                default -> throw new IllegalArgumentException("not a Go duration: \"" + text + "\"");
            };
            nanos = nanos.add(number.multiply(BigDecimal.valueOf(unitNanos)));
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("not a Go duration: \"" + text + "\"");
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            nanos = BigDecimal.valueOf(Long.MAX_VALUE);
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }
}
