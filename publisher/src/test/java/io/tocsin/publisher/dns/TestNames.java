package io.tocsin.publisher.dns;

import io.tocsin.core.ip.IpAddress;
import java.nio.ByteBuffer;
import org.xbill.DNS.ReverseMap;

/**
 * DNSBL query labels made by dnsjava's {@link ReverseMap}, as an independent oracle for the
 * server's own parsing: the reverse-DNS name without its {@code in-addr.arpa.} or {@code ip6.arpa.}.
 */
final class TestNames {

    private TestNames() {
    }

    /** {@code 66.2.0.192} for 192.0.2.66, 32 nibbles for an IPv6 address. */
    static String reversed(IpAddress ip) {
        byte[] bytes = ip.isIpv4() ? ByteBuffer.allocate(4).putInt(ip.ipv4Bits()).array()
                : ByteBuffer.allocate(16).putLong(ip.highBits()).putLong(ip.lowBits()).array();
        return strip(ReverseMap.fromAddress(bytes).toString());
    }

    /** The 32-nibble labels of a 128-bit value, also for IPv4-mapped test points such as ::ffff:7f00:2. */
    static String nibbles(long high, long low) {
        return strip(ReverseMap.fromAddress(ByteBuffer.allocate(16).putLong(high).putLong(low).array()).toString());
    }

    private static String strip(String name) {
        return name.replaceFirst("\\.(in-addr|ip6)\\.arpa\\.$", "");
    }
}
