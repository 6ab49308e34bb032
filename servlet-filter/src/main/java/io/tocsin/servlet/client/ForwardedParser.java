package io.tocsin.servlet.client;

import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code for} values of an RFC 7239 {@code Forwarded} header line:
 * {@code for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"}.
 */
final class ForwardedParser {

    /** What a hop whose {@code for} is missing or unreadable becomes: never an address, so it ends the walk. */
    static final String MALFORMED = "";

    private final String s;
    private int pos;

    private ForwardedParser(String s) {
        this.s = s;
    }

    /**
     * Adds the {@code for} value of each element of {@code line} to {@code out}, left to right. An
     * element without one adds {@link #MALFORMED}; a syntax error adds {@link #MALFORMED} and ends the line,
     * since nothing after it can be read reliably.
     */
    static void parse(String line, List<String> out) {
        new ForwardedParser(line).elements(out);
    }

    private void elements(List<String> out) {
        while (true) {
            String forValue = null;
            boolean elementHasContent = false;
            while (true) { // pairs of one element
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) == ',') {
                    break;
                }
                String name = token();
                skipSpace();
                if (name.isEmpty() || pos >= s.length() || s.charAt(pos) != '=') {
                    out.add(MALFORMED);
                    return;
                }
                pos++;
                skipSpace();
                String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : bareValue();
                if (value == null) {
                    out.add(MALFORMED);
                    return;
                }
                elementHasContent = true;
                if (name.toLowerCase(Locale.ROOT).equals("for")) {
                    if (forValue != null) {
                        out.add(MALFORMED); // two for= in one element: which one is true?
                        return;
                    }
                    forValue = value;
                }
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == ';') {
                    pos++;
                } else if (pos < s.length() && s.charAt(pos) != ',') {
                    out.add(MALFORMED);
                    return;
                }
            }
            if (elementHasContent) {
                out.add(forValue == null ? MALFORMED : forValue);
            }
            if (pos >= s.length()) {
                return;
            }
            pos++; // the comma
        }
    }

    private void skipSpace() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** An RFC 7230 token, possibly empty. */
    private String token() {
        int start = pos;
        while (pos < s.length() && isTokenChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    /**
     * An unquoted value: a token, but also accepting ':', '[' and ']' that some proxies leave unquoted
     * ({@code for=192.0.2.1:8080}); the address check decides what it is.
     */
    private String bareValue() {
        int start = pos;
        while (pos < s.length() && (isTokenChar(s.charAt(pos)) || ":[]".indexOf(s.charAt(pos)) >= 0)) {
            pos++;
        }
        return s.substring(start, pos);
    }

    /** A quoted-string with backslash escapes, or {@code null} if it is not closed. */
    private String quoted() {
        StringBuilder sb = new StringBuilder();
        pos++; // opening quote
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= s.length()) {
                    return null;
                }
                c = s.charAt(pos++);
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return null;
            }
            sb.append(c);
        }
        return null;
    }

    private static boolean isTokenChar(char c) {
        if (c <= 0x20 || c >= 0x7f) {
            return false;
        }
        return "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
