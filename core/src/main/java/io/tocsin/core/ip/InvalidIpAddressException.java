package io.tocsin.core.ip;

/** Thrown when text that should be an IP address literal (or a CIDR range) is not one. */
public final class InvalidIpAddressException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;

    InvalidIpAddressException(CharSequence input) {
        this(input, "not an IP address");
    }

    InvalidIpAddressException(CharSequence input, String problem) {
        super(problem + ": " + quote(input));
        this.input = input == null ? null : input.toString();
    }

    /** The text that was rejected. */
    public String input() {
        return input;
    }

    /** Quotes untrusted text for an error message: bounded, with control characters escaped. */
    static String quote(CharSequence input) {
        if (input == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(input.length(), 80) + 2).append('"');
        int shown = Math.min(input.length(), 64);
        for (int i = 0; i < shown; i++) {
            char c = input.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (input.length() > shown) {
            sb.append("…(").append(input.length()).append(" chars)");
        }
        return sb.append('"').toString();
    }
}
