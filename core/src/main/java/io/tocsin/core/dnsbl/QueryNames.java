package io.tocsin.core.dnsbl;

import io.tocsin.core.ip.IpAddress;

/**
 * The DNS names under which a DNSBL publishes an address (RFC 5782 section 2.1 and 2.4): the four
 * octets of an IPv4 address in reverse order, or the 32 nibbles of an IPv6 address in reverse
 * order, each as one label before the zone.
 */
final class QueryNames {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private QueryNames() {
    }

    /** The reversed labels for {@code ip}, without the zone: {@code 66.2.0.192} or 32 nibbles. */
    static String reversed(IpAddress ip) {
        if (ip.isIpv4()) {
            int v = ip.ipv4Bits();
            return (v & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 24) & 0xFF);
        }
        return nibbles(ip.highBits(), ip.lowBits());
    }

    /**
     * The 32-nibble form of a 128-bit value, also for IPv4-mapped addresses: RFC 5782's IPv6 test
     * points {@code ::ffff:7f00:2} and {@code ::ffff:7f00:1} are written this way.
     */
    static String nibbles(long high, long low) {
        StringBuilder sb = new StringBuilder(63);
        for (int i = 0; i < 16; i++) {
            int nibble = (int) (low >>> (4 * i)) & 0xF;
            sb.append(HEX[nibble]).append('.');
        }
        for (int i = 0; i < 16; i++) {
            int nibble = (int) (high >>> (4 * i)) & 0xF;
            sb.append(HEX[nibble]);
            if (i < 15) {
                sb.append('.');
            }
        }
        return sb.toString();
    }
}
