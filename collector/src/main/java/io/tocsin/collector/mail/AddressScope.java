package io.tocsin.collector.mail;

import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;

/**
 * Whether an address can be a sending machine on the Internet (a global unicast address), and if
 * not, why: a private, loopback or shared (carrier-grade NAT) address names a machine only inside
 * some network, and listing it would accuse whoever has that address in everybody else's.
 *
 * <p>The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are
 * accepted: they are never routed, so they appear only in examples and tests, which need an
 * address that behaves as a global one.
 */
final class AddressScope {

    private record Range(IpSet set, String name) {
    }

    private static final Range[] NOT_GLOBAL = {
        range("0.0.0.0/8", "\"this network\" (0.0.0.0/8)"),
        range("10.0.0.0/8", "private (10.0.0.0/8)"),
        range("100.64.0.0/10", "shared address space, carrier-grade NAT (100.64.0.0/10)"),
        range("127.0.0.0/8", "loopback (127.0.0.0/8)"),
        range("169.254.0.0/16", "link-local (169.254.0.0/16)"),
        range("172.16.0.0/12", "private (172.16.0.0/12)"),
        range("192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)"),
        range("192.168.0.0/16", "private (192.168.0.0/16)"),
        range("198.18.0.0/15", "benchmarking (198.18.0.0/15)"),
        range("224.0.0.0/4", "multicast (224.0.0.0/4)"),
        range("240.0.0.0/4", "reserved (240.0.0.0/4)"),
        range("::/128", "unspecified (::)"),
        range("::1/128", "loopback (::1)"),
        range("fc00::/7", "unique local (fc00::/7)"),
        range("fe80::/10", "link-local (fe80::/10)"),
        range("ff00::/8", "multicast (ff00::/8)"),
        range("64:ff9b::/96", "NAT64 (64:ff9b::/96)"),
    };

    private static final IpSet IPV6_GLOBAL_UNICAST = IpSet.parse("2000::/3");

    private AddressScope() {
    }

    private static Range range(String cidr, String name) {
        return new Range(IpSet.parse(cidr), name);
    }

    /** {@code null} if {@code ip} is a global unicast address, else what it is. */
    static String notGlobal(IpAddress ip) {
        for (Range r : NOT_GLOBAL) {
            if (r.set.contains(ip)) {
                return r.name;
            }
        }
        if (!ip.isIpv4() && !IPV6_GLOBAL_UNICAST.contains(ip)) {
            return "outside IPv6 global unicast (2000::/3)";
        }
        return null;
    }
}
