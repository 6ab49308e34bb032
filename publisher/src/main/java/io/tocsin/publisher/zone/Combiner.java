package io.tocsin.publisher.zone;

import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Combines contributions by weight and threshold, as the checker combines listings for one address,
 * but for every address at once: a sweep over the boundaries of all ranges. Each stretch between two
 * boundaries has one set of contributions covering it; it is published when their score reaches the
 * threshold, with the category and text of the contributions that accuse it. Neighbouring stretches
 * that publish the same are merged.
 */
final class Combiner {

    private static final BigInteger ONE = BigInteger.ONE;

    private Combiner() {
    }

    /** The published entries, sorted, IPv4 first; ranges, not yet cut into CIDR blocks. */
    static List<ZoneEntry> combine(List<Contribution> contributions, BigDecimal threshold) {
        Objects.requireNonNull(threshold, "threshold");
        List<Event> events = new ArrayList<>(contributions.size() * 2);
        for (Contribution c : contributions) {
            BigInteger first = key(c.range().first());
            BigInteger end = key(c.range().last()).add(ONE);
            events.add(new Event(first, true, c));
            events.add(new Event(end, false, c));
        }
        events.sort(Comparator.comparing(Event::at));
        List<ZoneEntry> out = new ArrayList<>();
        Set<Contribution> active = new LinkedHashSet<>();
        BigInteger openStart = null;
        Category openCategory = null;
        String openText = null;
        int i = 0;
        while (i < events.size()) {
            BigInteger at = events.get(i).at();
            while (i < events.size() && events.get(i).at().equals(at)) {
                Event e = events.get(i++);
                if (e.start()) {
                    active.add(e.contribution());
                } else {
                    active.remove(e.contribution());
                }
            }
            // the stretch [at, next event) is covered by exactly the active contributions
            Category category = null;
            String text = null;
            if (!active.isEmpty()) {
                BigDecimal score = BigDecimal.ZERO;
                Contribution textFrom = null;
                for (Contribution c : active) {
                    if (!c.counts()) {
                        continue;
                    }
                    score = score.add(c.weight());
                    if (c.accuses()) {
                        if (category == null || c.category().compareTo(category) < 0) {
                            category = c.category();
                        }
                        if (textFrom == null || (c.evidence() && !textFrom.evidence())) {
                            textFrom = c;
                        }
                    }
                }
                if (score.compareTo(threshold) >= 0 && category != null) {
                    text = textFrom.text();
                } else {
                    category = null;
                }
            }
            boolean sameFamily = openStart == null || isIpv4(openStart) == isIpv4(at);
            if (openStart != null && (category != openCategory || !Objects.equals(text, openText) || !sameFamily)) {
                out.add(entry(openStart, at.subtract(ONE), openCategory, openText));
                openStart = null;
            }
            if (openStart == null && category != null) {
                openStart = at;
                openCategory = category;
                openText = text;
            }
        }
        return out;
    }

    private static ZoneEntry entry(BigInteger first, BigInteger last, Category category, String text) {
        return new ZoneEntry(IpRange.of(address(first), address(last)), category, text);
    }

    /**
     * IPv4 addresses as their 32-bit value, IPv6 ones as 2^32 + their 128-bit value: one ordering,
     * IPv4 first, with no overlap between the families (IPv4-mapped IPv6 is IPv4 already).
     */
    private static BigInteger key(IpAddress ip) {
        if (ip.isIpv4()) {
            return BigInteger.valueOf(ip.ipv4Bits() & 0xFFFFFFFFL);
        }
        return V6_BASE.add(new BigInteger(1, ip.to16Bytes()));
    }

    private static final BigInteger V6_BASE = BigInteger.ONE.shiftLeft(32);

    private static boolean isIpv4(BigInteger key) {
        return key.compareTo(V6_BASE) < 0;
    }

    private static IpAddress address(BigInteger key) {
        if (isIpv4(key)) {
            return IpAddress.ofIpv4(key.intValue());
        }
        BigInteger v = key.subtract(V6_BASE);
        return IpAddress.ofBits(v.shiftRight(64).longValue(), v.longValue());
    }

    private record Event(BigInteger at, boolean start, Contribution contribution) {
    }
}
