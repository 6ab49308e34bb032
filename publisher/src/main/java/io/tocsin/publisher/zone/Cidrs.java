package io.tocsin.publisher.zone;

import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Cuts a range of addresses into the fewest CIDR blocks, the only form rbldnsd's ip6trie and feeds take. */
final class Cidrs {

    private Cidrs() {
    }

    /** The blocks of {@code range}, in order. */
    static List<IpRange> of(IpRange range) {
        if (range.first().equals(range.last())) {
            return List.of(range);
        }
        int bits = range.isIpv4() ? 32 : 128;
        BigInteger first = value(range.first());
        BigInteger last = value(range.last());
        List<IpRange> blocks = new ArrayList<>();
        while (first.compareTo(last) <= 0) {
            // the largest block that starts at first (its alignment) and does not pass last
            int size = first.signum() == 0 ? bits : Math.min(bits, first.getLowestSetBit());
            while (size > 0 && first.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(last) > 0) {
                size--;
            }
            BigInteger blockLast = first.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE);
            blocks.add(IpRange.of(address(first, range.isIpv4()), address(blockLast, range.isIpv4())));
            first = blockLast.add(BigInteger.ONE);
        }
        return blocks;
    }

    private static BigInteger value(IpAddress ip) {
        return ip.isIpv4() ? BigInteger.valueOf(ip.ipv4Bits() & 0xFFFFFFFFL) : new BigInteger(1, ip.to16Bytes());
    }

    private static IpAddress address(BigInteger value, boolean ipv4) {
        return ipv4 ? IpAddress.ofIpv4(value.intValue()) : IpAddress.ofBits(value.shiftRight(64).longValue(), value.longValue());
    }
}
