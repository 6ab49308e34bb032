package io.tocsin.core.ip;

import java.util.Objects;

/**
 * An inclusive range of addresses, usually written as a CIDR block ({@code 198.51.100.0/24},
 * {@code 2001:db8::/32}) or a single address. IPv4 ranges never include IPv6 addresses and vice
 * versa; an IPv4 prefix length counts IPv4 bits.
 */
public final class IpRange {

    private final IpAddress first;
    private final IpAddress last;

    private IpRange(IpAddress first, IpAddress last) {
        this.first = first;
        this.last = last;
    }

    /** The range holding just {@code address}. */
    public static IpRange of(IpAddress address) {
        return new IpRange(address, address);
    }

    /** The range from {@code first} to {@code last}, both included, of one address family. */
    public static IpRange of(IpAddress first, IpAddress last) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.isIpv4() != last.isIpv4() || first.compareTo(last) > 0) {
            throw new IllegalArgumentException("not a range: " + first + " to " + last);
        }
        return new IpRange(first, last);
    }

    /**
     * Parses a CIDR block ({@code a.b.c.d/n}, {@code x::/n}) or a single address literal. Host bits
     * set below the prefix ({@code 192.0.2.1/24}) are rejected: they usually betray a typing error.
     *
     * @throws InvalidIpAddressException naming the input
     */
    public static IpRange parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        int slash = -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/') {
                slash = i;
                break;
            }
        }
        if (slash < 0) {
            return of(IpAddress.parse(text));
        }
        IpAddress base = IpAddress.tryParse(text, 0, slash);
        int maxBits = base == null ? 0 : base.isIpv4() ? 32 : 128;
        int prefix = parsePrefix(text, slash + 1, maxBits);
        if (base == null || prefix < 0) {
            throw new InvalidIpAddressException(text, "not a CIDR range");
        }
        int hostBits = maxBits - prefix;
        long hostHigh = hostBits <= 64 ? 0L : (hostBits == 128 ? -1L : (1L << (hostBits - 64)) - 1);
        long hostLow = hostBits == 0 ? 0L : hostBits >= 64 ? -1L : (1L << hostBits) - 1;
        if ((base.highBits() & hostHigh) != 0 || (base.lowBits() & hostLow) != 0) {
            throw new InvalidIpAddressException(text, "CIDR range has host bits set");
        }
        IpAddress last = IpAddress.ofBits(base.highBits() | hostHigh, base.lowBits() | hostLow);
        return new IpRange(base, last);
    }

    private static int parsePrefix(CharSequence s, int start, int maxBits) {
        int length = s.length() - start;
        if (length < 1 || length > 3) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        if (length > 1 && s.charAt(start) == '0') {
            return -1;
        }
        return value <= maxBits ? value : -1;
    }

    public IpAddress first() {
        return first;
    }

    public IpAddress last() {
        return last;
    }

    public boolean isIpv4() {
        return first.isIpv4();
    }

    public boolean contains(IpAddress address) {
        return first.compareTo(address) <= 0 && address.compareTo(last) <= 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange that && first.equals(that.first) && last.equals(that.last);
    }

    @Override
    public int hashCode() {
        return first.hashCode() * 31 + last.hashCode();
    }

    /** The CIDR form where the range is one block, else {@code first-last}. */
    @Override
    public String toString() {
        if (first.equals(last)) {
            return first.toString();
        }
        int prefix = prefixLength();
        return prefix >= 0 ? first + "/" + prefix : first + "-" + last;
    }

    private int prefixLength() {
        long xorHigh = first.highBits() ^ last.highBits();
        long xorLow = first.lowBits() ^ last.lowBits();
        int hostBits = xorHigh != 0 ? 128 - Long.numberOfLeadingZeros(xorHigh) : 64 - Long.numberOfLeadingZeros(xorLow);
        long maskHigh = hostBits <= 64 ? 0L : hostBits == 128 ? -1L : (1L << (hostBits - 64)) - 1;
        long maskLow = hostBits == 0 ? 0L : hostBits >= 64 ? -1L : (1L << hostBits) - 1;
        boolean block = (first.highBits() & maskHigh) == 0 && (first.lowBits() & maskLow) == 0
                && (last.highBits() & maskHigh) == maskHigh && (last.lowBits() & maskLow) == maskLow;
        if (!block) {
            return -1;
        }
        return (first.isIpv4() ? 32 : 128) - hostBits;
    }
}
