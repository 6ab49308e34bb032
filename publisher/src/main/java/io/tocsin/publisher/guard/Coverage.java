package io.tocsin.publisher.guard;

import io.tocsin.core.ip.IpRange;
import java.util.Locale;

/**
 * How much of the address space a set of ranges covers, per /8. Overlapping ranges are counted twice,
 * which can only make a check stricter.
 */
public final class Coverage {

    private static final double TWO_64 = 0x1p64;
    private static final double V4_SLASH8 = 0x1p24;
    private static final double V6_SLASH8 = 0x1p120;
    private static final double V6_SLASH64 = 0x1p64;

    private final double[] v4 = new double[256];
    private final double[] v6 = new double[256];
    private double size;

    /** Counts {@code range}. */
    public void add(IpRange range) {
        if (range.isIpv4()) {
            long first = range.first().ipv4Bits() & 0xFFFFFFFFL;
            long last = range.last().ipv4Bits() & 0xFFFFFFFFL;
            for (long block = first >>> 24; block <= last >>> 24; block++) {
                long start = Math.max(first, block << 24);
                long end = Math.min(last, (block << 24) | 0xFFFFFF);
                v4[(int) block] += end - start + 1;
            }
            size += last - first + 1;
        } else {
            double first = value(range.first().highBits(), range.first().lowBits());
            double last = value(range.last().highBits(), range.last().lowBits());
            int from = (int) (range.first().highBits() >>> 56);
            int to = (int) (range.last().highBits() >>> 56);
            for (int block = from; block <= to; block++) {
                double start = Math.max(first, block * V6_SLASH8);
                double end = Math.min(last, (block + 1) * V6_SLASH8 - 1);
                v6[block] += Math.max(1, end - start + 1);
            }
            size += Math.max(1, last - first + 1) / V6_SLASH64;
        }
    }

    /** The size: IPv4 addresses plus IPv6 /64 networks (a single IPv6 address counts as a fraction). */
    public double size() {
        return size;
    }

    /** The largest share of one /8 covered, 0 to 1 (more only with overlaps). */
    public double largestShare() {
        double max = 0;
        for (int i = 0; i < 256; i++) {
            max = Math.max(max, Math.max(v4[i] / V4_SLASH8, v6[i] / V6_SLASH8));
        }
        return max;
    }

    /** What is wrong with this coverage under {@code limits}, or {@code null}. */
    public String shareProblem(GuardLimits limits) {
        for (int i = 0; i < 256; i++) {
            if (v4[i] / V4_SLASH8 > limits.maxShare()) {
                return "it covers " + percent(v4[i] / V4_SLASH8) + " of " + i + ".0.0.0/8 (tocsin.publish.max-share is "
                        + percent(limits.maxShare()) + ")";
            }
            if (v6[i] / V6_SLASH8 > limits.maxShare()) {
                return "it covers " + percent(v6[i] / V6_SLASH8) + " of " + Integer.toHexString(i) + "00::/8 (tocsin.publish.max-share is "
                        + percent(limits.maxShare()) + ")";
            }
        }
        return null;
    }

    /**
     * What is wrong with growing from {@code previous} to this size under {@code limits}, or {@code null}.
     */
    public String growthProblem(double previous, GuardLimits limits) {
        if (limits.maxGrowth() == 0 || size - previous < GuardLimits.GROWTH_FLOOR || size <= previous * limits.maxGrowth()) {
            return null;
        }
        return String.format(Locale.ROOT, "it grew from %.0f to %.0f addresses in one run, more than %s times (tocsin.publish.max-growth)",
                previous, size, trim(limits.maxGrowth()));
    }

    private static double value(long high, long low) {
        double unsignedLow = low >= 0 ? low : low + TWO_64;
        double unsignedHigh = high >= 0 ? high : high + TWO_64;
        return unsignedHigh * TWO_64 + unsignedLow;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
