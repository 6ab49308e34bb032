package io.tocsin.core.ip;

/**
 * The strict literal grammar behind {@link IpAddress}: parsing without allocation beyond the result,
 * and RFC 5952 formatting.
 */
final class IpLiteralParser {

    private IpLiteralParser() {
    }

    static IpAddress parse(CharSequence s, int start, int end) {
        if (start >= end || end - start > 45) { // longest IPv6 literal: 45 characters
            return null;
        }
        // The common case first, in one pass: a dotted quad. Text with a ':' never parses as one (the
        // IPv4 parser stops at the first character that is not a digit or a dot), so trying IPv4
        // before looking for a ':' accepts and rejects exactly the same texts as the other order.
        long v4 = parseIpv4(s, start, end);
        if (v4 >= 0) {
            return IpAddress.ofIpv4((int) v4);
        }
        for (int i = start; i < end; i++) {
            if (s.charAt(i) == ':') {
                return parseIpv6(s, start, end);
            }
        }
        return null;
    }

    /** The 32 bits of a dotted quad as a non-negative long, or -1 if the text is not one. */
    static long parseIpv4(CharSequence s, int start, int end) {
        long result = 0;
        int octets = 0;
        int i = start;
        while (true) {
            int digitsStart = i;
            int value = 0;
            while (i < end && i - digitsStart < 4) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int digits = i - digitsStart;
            if (digits == 0 || digits > 3 || value > 255) {
                return -1;
            }
            if (digits > 1 && s.charAt(digitsStart) == '0') {
                return -1; // leading zero: octal in some parsers, decimal in others, so ambiguous
            }
            result = (result << 8) | value;
            octets++;
            if (i == end) {
                return octets == 4 ? result : -1;
            }
            if (s.charAt(i) != '.' || octets == 4) {
                return -1;
            }
            i++;
        }
    }

    private static IpAddress parseIpv6(CharSequence s, int start, int end) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1; // index in groups where "::" stands
        int i = start;
        if (s.charAt(i) == ':') {
            if (end - start < 2 || s.charAt(i + 1) != ':') {
                return null;
            }
            gap = 0;
            i += 2;
            if (i == end) {
                return IpAddress.ofBits(0, 0);
            }
        }
        while (i < end) {
            if (count == 8) {
                return null;
            }
            int groupStart = i;
            int value = 0;
            while (i < end && i - groupStart <= 4) {
                int digit = Character.digit(s.charAt(i), 16);
                if (digit < 0 || s.charAt(i) > 'f') { // Character.digit also accepts fullwidth digits
                    break;
                }
                value = (value << 4) | digit;
                i++;
            }
            int digits = i - groupStart;
            if (i < end && s.charAt(i) == '.') {
                // an embedded dotted quad ends the address and fills two groups
                if (count > 6) {
                    return null;
                }
                long v4 = parseIpv4(s, groupStart, end);
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = end;
                break;
            }
            if (digits == 0 || digits > 4) {
                return null;
            }
            groups[count++] = value;
            if (i == end) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null; // a second "::"
                }
                gap = count;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return null; // a trailing single ':'
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = (high << 16) | full[g];
            low = (low << 16) | full[g + 4];
        }
        return IpAddress.ofBits(high, low);
    }

    static String format(IpAddress address) {
        if (address.isIpv4()) {
            int v = address.ipv4Bits();
            return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
        // RFC 5952 section 4.2: compress the longest run (the first of equals) of two or more zero groups
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (address.group(g) != 0) {
                g++;
                continue;
            }
            int runStart = g;
            while (g < 8 && address.group(g) == 0) {
                g++;
            }
            if (g - runStart > bestLength) {
                bestStart = runStart;
                bestLength = g - runStart;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(address.group(g)));
        }
        return sb.toString();
    }
}
