package io.tocsin.collector.traffic;

/** Searching and comparing ASCII in byte ranges, for the line parsers. */
final class Bytes {

    private Bytes() {
    }

    /** The first index of {@code needle} in {@code b[from, to)}, or -1. */
    static int indexOf(byte[] b, int from, int to, byte[] needle) {
        int last = to - needle.length;
        byte first = needle[0];
        outer:
        for (int i = from; i <= last; i++) {
            if (b[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The first index of {@code c} in {@code b[from, to)}, or -1. */
    static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (b[from + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    /** The end of the token (run of non-space bytes) starting at {@code from}. */
    static int tokenEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] != ' ' && b[i] != '\t') {
            i++;
        }
        return i;
    }

    /** The first non-space index at or after {@code from}. */
    static int skipSpaces(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
