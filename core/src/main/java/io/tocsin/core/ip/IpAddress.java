package io.tocsin.core.ip;

/**
 * An IPv4 or IPv6 address, parsed strictly from its literal text form.
 *
 * <p>Parsing never touches DNS (unlike {@link java.net.InetAddress#getByName}), and accepts only the
 * unambiguous forms: dotted-quad IPv4 with four decimal octets and no leading zeros, and IPv6 in the
 * text forms of RFC 4291 section 2.2 (including an embedded dotted quad), without zone ids or
 * brackets. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) <em>is</em> its IPv4 address:
 * both parse to equal values whose {@link #toString()} is {@code 192.0.2.1}.
 *
 * <p>Internally every address is held as 128 bits in two {@code long}s, IPv4 addresses in their
 * mapped form, so one compact immutable object serves as a hash key for both families.
 */
public final class IpAddress implements Comparable<IpAddress> {

    private static final long MAPPED_PREFIX = 0xFFFFL; // bits 32..47 of the low word

    private final long high;
    private final long low;

    private IpAddress(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /**
     * Parses an IPv4 or IPv6 literal.
     *
     * @throws InvalidIpAddressException naming the input if it is not a strict literal
     */
    public static IpAddress parse(CharSequence text) {
        IpAddress address = tryParse(text);
        if (address == null) {
            throw new InvalidIpAddressException(text);
        }
        return address;
    }

    /** Parses an IPv4 or IPv6 literal, or returns {@code null} if {@code text} is not one. */
    public static IpAddress tryParse(CharSequence text) {
        if (text == null) {
            return null;
        }
        return IpLiteralParser.parse(text, 0, text.length());
    }

    /** Parses {@code text[start, end)}, or returns {@code null} if it is not a strict literal. */
    public static IpAddress tryParse(CharSequence text, int start, int end) {
        if (text == null || start < 0 || end > text.length() || start > end) {
            return null;
        }
        return IpLiteralParser.parse(text, start, end);
    }

    /** The IPv4 address with the given 32 bits (most significant octet first). */
    public static IpAddress ofIpv4(int bits) {
        return new IpAddress(0L, (MAPPED_PREFIX << 32) | (bits & 0xFFFFFFFFL));
    }

    /**
     * The address with the given 128 bits. An IPv4-mapped value ({@code ::ffff:0:0/96}) is the IPv4
     * address it maps.
     */
    public static IpAddress ofBits(long high, long low) {
        return new IpAddress(high, low);
    }

    /** The address held in 4 or 16 network-order bytes. */
    public static IpAddress ofBytes(byte[] bytes) {
        if (bytes.length == 4) {
            return ofIpv4(((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF));
        }
        if (bytes.length == 16) {
            long h = 0;
            long l = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (bytes[i] & 0xFF);
                l = (l << 8) | (bytes[i + 8] & 0xFF);
            }
            return new IpAddress(h, l);
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
    }

    /** Whether this is an IPv4 address (including one written in IPv4-mapped IPv6 form). */
    public boolean isIpv4() {
        return high == 0L && (low >>> 32) == MAPPED_PREFIX;
    }

    /** The 32 bits of an IPv4 address; only meaningful when {@link #isIpv4()}. */
    public int ipv4Bits() {
        return (int) low;
    }

    /** The high 64 bits of the 128-bit form (IPv4 addresses in their IPv4-mapped form). */
    public long highBits() {
        return high;
    }

    /** The low 64 bits of the 128-bit form. */
    public long lowBits() {
        return low;
    }

    /** The address as 4 bytes (IPv4) or 16 bytes (IPv6), network order. */
    public byte[] toBytes() {
        if (isIpv4()) {
            int v = ipv4Bits();
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        return to16Bytes();
    }

    /** The address as 16 bytes, IPv4 addresses in their IPv4-mapped form. */
    public byte[] to16Bytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[i + 8] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    /** The value of the 16-bit group {@code index} (0..7) of the 128-bit form. */
    int group(int index) {
        long word = index < 4 ? high : low;
        return (int) (word >>> (48 - 16 * (index & 3))) & 0xFFFF;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress that && high == that.high && low == that.low;
    }

    @Override
    public int hashCode() {
        long h = high * 0x9E3779B97F4A7C15L + low;
        h ^= h >>> 32;
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    /** Orders IPv4 addresses before IPv6 ones, each family by numeric value. */
    @Override
    public int compareTo(IpAddress other) {
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    /**
     * The address with its host part cut off, for logs and reports that must not identify a visitor:
     * the {@code /24} of an IPv4 address ({@code 192.0.2.0/24}) and the {@code /48} of an IPv6 one
     * ({@code 2001:db8:1::/48}), the usual prefixes of one customer or site.
     */
    public String redacted() {
        if (isIpv4()) {
            return ofIpv4(ipv4Bits() & 0xFFFFFF00).toString() + "/24";
        }
        return ofBits(high & 0xFFFFFFFFFFFF0000L, 0L).toString() + "/48";
    }

    /** The canonical text form: dotted quad for IPv4, RFC 5952 for IPv6. */
    @Override
    public String toString() {
        return IpLiteralParser.format(this);
    }
}
