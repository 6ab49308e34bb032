package io.tocsin.collector.traffic;

import io.tocsin.core.ip.IpAddress;

/** Client addresses in log bytes: a cheap shape check for every line, the strict parse only for beacon hits. */
final class Addresses {

    private Addresses() {
    }

    /** Whether {@code b[start, end)} has the shape of an IPv4 or IPv6 literal (hex digits, dots, colons). */
    static boolean looksLikeAddress(byte[] b, int start, int end) {
        if (end - start < 2 || end - start > 45) {
            return false;
        }
        boolean separator = false;
        for (int i = start; i < end; i++) {
            int c = b[i];
            if (c == '.' || c == ':') {
                separator = true;
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return separator;
    }

    /** The strict address in {@code b[start, end)}, or {@code null}; never a DNS lookup. */
    static IpAddress parse(byte[] b, int start, int end) {
        if (!looksLikeAddress(b, start, end)) {
            return null;
        }
        char[] chars = new char[end - start];
        for (int i = start; i < end; i++) {
            chars[i - start] = (char) b[i];
        }
        return IpAddress.tryParse(java.nio.CharBuffer.wrap(chars));
    }
}
