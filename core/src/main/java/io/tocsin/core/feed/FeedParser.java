package io.tocsin.core.feed;

import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a feed: one address, CIDR range ({@code 198.51.100.0/24}) or address range
 * ({@code 192.0.2.10-192.0.2.20}) a line; everything from {@code #} or {@code ;} to the end of a line
 * is a comment, so Spamhaus DROP's {@code 1.10.16.0/20 ; SBL256894} and FireHOL's {@code #} headers
 * both work. Blank lines are skipped. Anything else is a malformed line, reported with its number.
 *
 * <p>Bytes are read as ISO-8859-1 so that no byte sequence can break decoding: entries are ASCII, and
 * a garbage byte simply makes its line malformed.
 */
final class FeedParser {

    /** At most this many malformed lines are described; the rest are only counted. */
    static final int MAX_DESCRIBED = 10;
    private static final int MAX_SHOWN_LINE = 60;

    /** What reading a feed gave. */
    record Result(IpSet set, int entries, int lines, int malformed, List<String> problems) {

        /** "line 3: …; line 9: …" for the first malformed lines, and how many more there were. */
        String describeProblems() {
            String text = String.join("; ", problems);
            return malformed > problems.size() ? text + "; and " + (malformed - problems.size()) + " more" : text;
        }
    }

    private FeedParser() {
    }

    static Result parse(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
        IpSet.Builder builder = IpSet.builder();
        List<String> problems = new ArrayList<>();
        int entries = 0;
        int lineNumber = 0;
        int malformed = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            int end = line.length();
            for (int i = 0; i < end; i++) {
                char c = line.charAt(i);
                if (c == '#' || c == ';') {
                    end = i;
                    break;
                }
            }
            int start = 0;
            while (start < end && isSpace(line.charAt(start))) {
                start++;
            }
            while (end > start && isSpace(line.charAt(end - 1))) {
                end--;
            }
            if (start == end) {
                continue;
            }
            String problem = add(builder, line, start, end);
            if (problem == null) {
                entries++;
            } else {
                malformed++;
                if (problems.size() < MAX_DESCRIBED) {
                    String shown = line.substring(start, Math.min(end, start + MAX_SHOWN_LINE));
                    problems.add("line " + lineNumber + ": \"" + printable(shown) + (end - start > MAX_SHOWN_LINE ? "…" : "")
                            + "\" " + problem);
                }
            }
        }
        return new Result(builder.build(), entries, lineNumber, malformed, List.copyOf(problems));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** Adds {@code line[start, end)}; returns what is wrong with it, or {@code null}. */
    private static String add(IpSet.Builder builder, String line, int start, int end) {
        int slash = -1;
        int dash = -1;
        for (int i = start; i < end; i++) {
            char c = line.charAt(i);
            if (c == '/') {
                slash = i;
            } else if (c == '-') {
                dash = i;
            } else if (isSpace(c)) {
                return "has more than one entry (one address or range a line)";
            }
        }
        if (dash >= 0) {
            IpAddress first = IpAddress.tryParse(line, start, dash);
            IpAddress last = IpAddress.tryParse(line, dash + 1, end);
            if (first == null || last == null || slash >= 0) {
                return "is not an IP address, CIDR range or address range (first-last)";
            }
            if (first.isIpv4() != last.isIpv4() || first.compareTo(last) > 0) {
                return "is not an address range: the ends are of different families or in the wrong order";
            }
            if (first.isIpv4()) {
                builder.addIpv4(first.ipv4Bits(), last.ipv4Bits());
            } else {
                builder.add(io.tocsin.core.ip.IpRange.of(first, last));
            }
            return null;
        }
        IpAddress base = IpAddress.tryParse(line, start, slash < 0 ? end : slash);
        if (base == null) {
            return slash < 0 ? "is not an IP address or CIDR range" : "is not a CIDR range";
        }
        if (slash < 0) {
            if (base.isIpv4()) {
                builder.addIpv4(base.ipv4Bits(), base.ipv4Bits());
            } else {
                builder.add(base);
            }
            return null;
        }
        int bits = base.isIpv4() ? 32 : 128;
        int prefix = prefix(line, slash + 1, end, bits);
        if (prefix < 0) {
            return "has a bad prefix length (0 to " + bits + ")";
        }
        if (base.isIpv4()) {
            int hostMask = prefix == 0 ? -1 : (int) ((1L << (32 - prefix)) - 1);
            int first = base.ipv4Bits();
            if ((first & hostMask) != 0) {
                return "has host bits set below the prefix length";
            }
            builder.addIpv4(first, first | hostMask);
            return null;
        }
        try {
            builder.add(io.tocsin.core.ip.IpRange.parse(line.substring(start, end)));
        } catch (IllegalArgumentException e) {
            return "has host bits set below the prefix length";
        }
        return null;
    }

    private static int prefix(String s, int start, int end, int max) {
        int length = end - start;
        if (length < 1 || length > 3 || (length > 1 && s.charAt(start) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c >= 0x7F ? '?' : c);
        }
        return sb.toString();
    }
}
