package io.tocsin.servlet.ack;

/**
 * Decides where the acknowledging post may send the visitor back to: only a path on this site, so
 * that the ack endpoint cannot be used as an open redirect.
 */
public final class ReturnPath {

    private static final int MAX_LENGTH = 2048;

    private ReturnPath() {
    }

    /**
     * Whether {@code value} is a same-site path: it starts with exactly one {@code /}, is not followed by
     * {@code /} or {@code \}, holds only printable ASCII without {@code \} (no scheme can start it, no
     * control character can split a header), and still qualifies after percent-decoding, so
     * {@code /%2F%2Fevil.example} is refused too.
     */
    public static boolean isSafe(String value) {
        if (value == null || value.length() > MAX_LENGTH || !hasSafePrefix(value)) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
        }
        String current = value;
        for (int round = 0; round < 4; round++) {
            String decoded = percentDecode(current);
            if (decoded.equals(current)) {
                return true;
            }
            if (!hasSafePrefix(decoded) || hasControl(decoded)) {
                return false;
            }
            current = decoded;
        }
        return false; // encoded more deeply than any honest path
    }

    private static boolean hasSafePrefix(String s) {
        return !s.isEmpty() && s.charAt(0) == '/'
                && (s.length() == 1 || s.charAt(1) != '/' && s.charAt(1) != '\\');
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Decodes {@code %XX} sequences byte for byte (enough for the checks above, which look at ASCII only). */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                sb.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
