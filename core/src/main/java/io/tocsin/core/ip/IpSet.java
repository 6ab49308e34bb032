package io.tocsin.core.ip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable set of addresses built from ranges, compact enough for feeds with millions of entries.
 *
 * <p>Ranges are merged and kept in sorted primitive arrays, IPv4 ones as pairs of {@code int}s
 * (8 bytes a range) and IPv6 ones as quadruples of {@code long}s; a lookup is a binary search with
 * no allocation.
 */
public final class IpSet {

    private static final IpSet EMPTY = new IpSet(new int[0], new int[0], new long[0], new long[0]);

    // IPv4: unsigned 32-bit starts and ends, stored with the sign bit flipped so signed order is unsigned order
    private final int[] v4Starts;
    private final int[] v4Ends;
    // IPv6: [high, low] pairs of starts and ends, flattened
    private final long[] v6Starts;
    private final long[] v6Ends;

    // For large sets, the first IPv4 range whose start lies in each /16 block (and one past the end):
    // a lookup then binary-searches only its own block, a few entries on one or two cache lines,
    // instead of some 20 steps across a multi-megabyte array (about 1 µs at 1M ranges, mostly cache
    // misses). 256 KiB, so only built where it is small next to the ranges themselves.
    private static final int INDEX_THRESHOLD = 1 << 14;
    private final int[] v4Index;

    private IpSet(int[] v4Starts, int[] v4Ends, long[] v6Starts, long[] v6Ends) {
        this.v4Starts = v4Starts;
        this.v4Ends = v4Ends;
        this.v6Starts = v6Starts;
        this.v6Ends = v6Ends;
        this.v4Index = v4Starts.length >= INDEX_THRESHOLD ? index(v4Starts) : null;
    }

    private static int[] index(int[] starts) {
        int[] index = new int[(1 << 16) + 1];
        int i = 0;
        for (int block = 0; block <= 1 << 16; block++) {
            while (i < starts.length && ((starts[i] ^ Integer.MIN_VALUE) >>> 16) < block) {
                i++;
            }
            index[block] = i;
        }
        return index;
    }

    public static IpSet empty() {
        return EMPTY;
    }

    public static IpSet of(Collection<IpRange> ranges) {
        Builder builder = builder();
        for (IpRange range : ranges) {
            builder.add(range);
        }
        return builder.build();
    }

    /**
     * Parses a comma- or whitespace-separated list of addresses and CIDR ranges.
     *
     * @throws InvalidIpAddressException naming the first bad entry
     */
    public static IpSet parse(CharSequence list) {
        Builder builder = builder();
        for (String entry : list.toString().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                builder.add(IpRange.parse(entry));
            }
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean contains(IpAddress address) {
        if (address.isIpv4()) {
            int key = address.ipv4Bits() ^ Integer.MIN_VALUE;
            int[] index = v4Index;
            if (index != null) {
                int block = address.ipv4Bits() >>> 16;
                int from = index[block];
                int to = index[block + 1];
                int i = from < to ? Arrays.binarySearch(v4Starts, from, to, key) : -from - 1;
                if (i >= 0) {
                    return true;
                }
                int before = -i - 2; // the last range starting below the address, maybe in an earlier block
                return before >= 0 && key <= v4Ends[before];
            }
            int i = Arrays.binarySearch(v4Starts, key);
            if (i >= 0) {
                return true;
            }
            int before = -i - 2;
            return before >= 0 && key <= v4Ends[before];
        }
        long high = address.highBits();
        long low = address.lowBits();
        int lo = 0;
        int hi = v6Starts.length / 2 - 1;
        int found = -1;
        while (lo <= hi) { // the last range whose start is <= address
            int mid = (lo + hi) >>> 1;
            if (compare(v6Starts[2 * mid], v6Starts[2 * mid + 1], high, low) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && compare(high, low, v6Ends[2 * found], v6Ends[2 * found + 1]) <= 0;
    }

    /** The number of disjoint ranges held after merging. */
    public int rangeCount() {
        return v4Starts.length + v6Starts.length / 2;
    }

    public boolean isEmpty() {
        return rangeCount() == 0;
    }

    /** The merged ranges, IPv4 first. */
    public List<IpRange> ranges() {
        List<IpRange> out = new ArrayList<>(rangeCount());
        for (int i = 0; i < v4Starts.length; i++) {
            out.add(IpRange.of(IpAddress.ofIpv4(v4Starts[i] ^ Integer.MIN_VALUE), IpAddress.ofIpv4(v4Ends[i] ^ Integer.MIN_VALUE)));
        }
        for (int i = 0; i < v6Starts.length; i += 2) {
            out.add(IpRange.of(IpAddress.ofBits(v6Starts[i], v6Starts[i + 1]), IpAddress.ofBits(v6Ends[i], v6Ends[i + 1])));
        }
        return out;
    }

    @Override
    public String toString() {
        List<IpRange> ranges = ranges();
        return ranges.size() <= 8 ? ranges.toString() : "IpSet[" + ranges.size() + " ranges]";
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    /** Collects ranges in any order, overlapping or not; {@link #build()} sorts and merges them. */
    public static final class Builder {
        private long[] v4 = new long[16]; // start << 32 | end, both unsigned
        private int v4Count;
        private long[] v6 = new long[16]; // startHigh, startLow, endHigh, endLow
        private int v6Count;

        private Builder() {
        }

        public Builder add(IpRange range) {
            if (range.isIpv4()) {
                return addIpv4(range.first().ipv4Bits(), range.last().ipv4Bits());
            }
            if (v6Count * 4 + 4 > v6.length) {
                v6 = Arrays.copyOf(v6, v6.length * 2);
            }
            int o = v6Count * 4;
            v6[o] = range.first().highBits();
            v6[o + 1] = range.first().lowBits();
            v6[o + 2] = range.last().highBits();
            v6[o + 3] = range.last().lowBits();
            v6Count++;
            return this;
        }

        public Builder add(IpAddress address) {
            return add(IpRange.of(address));
        }

        /** Adds the IPv4 range from {@code first} to {@code last} (unsigned 32-bit values, inclusive). */
        public Builder addIpv4(int first, int last) {
            if (Integer.compareUnsigned(first, last) > 0) {
                throw new IllegalArgumentException("empty range");
            }
            if (v4Count == v4.length) {
                v4 = Arrays.copyOf(v4, v4.length * 2);
            }
            v4[v4Count++] = ((first & 0xFFFFFFFFL) << 32) | (last & 0xFFFFFFFFL);
            return this;
        }

        public IpSet build() {
            if (v4Count == 0 && v6Count == 0) {
                return EMPTY;
            }
            return new Merger(this).result;
        }

        /** The merge step, kept apart so that the builder stays reusable. */
        private static final class Merger {
            final IpSet result;

            Merger(Builder b) {
                long[] sorted = Arrays.copyOf(b.v4, b.v4Count);
                // flipping the sign bit makes signed order the unsigned order of the starts in the top half
                for (int i = 0; i < sorted.length; i++) {
                    sorted[i] ^= Long.MIN_VALUE;
                }
                Arrays.sort(sorted);
                int[] starts = new int[sorted.length];
                int[] ends = new int[sorted.length];
                int n = 0;
                for (long packed : sorted) {
                    long start = (packed ^ Long.MIN_VALUE) >>> 32;
                    long end = packed & 0xFFFFFFFFL;
                    if (n > 0 && start <= ((ends[n - 1] ^ Integer.MIN_VALUE) & 0xFFFFFFFFL) + 1) {
                        long prevEnd = (ends[n - 1] ^ Integer.MIN_VALUE) & 0xFFFFFFFFL;
                        if (end > prevEnd) {
                            ends[n - 1] = (int) end ^ Integer.MIN_VALUE;
                        }
                        continue;
                    }
                    starts[n] = (int) start ^ Integer.MIN_VALUE;
                    ends[n] = (int) end ^ Integer.MIN_VALUE;
                    n++;
                }
                long[][] ranges6 = new long[b.v6Count][];
                for (int i = 0; i < b.v6Count; i++) {
                    ranges6[i] = Arrays.copyOfRange(b.v6, i * 4, i * 4 + 4);
                }
                Arrays.sort(ranges6, (x, y) -> compare(x[0], x[1], y[0], y[1]));
                long[] s6 = new long[ranges6.length * 2];
                long[] e6 = new long[ranges6.length * 2];
                int m = 0;
                for (long[] r : ranges6) {
                    if (m > 0 && adjacentOrOverlapping(e6[2 * m - 2], e6[2 * m - 1], r[0], r[1])) {
                        if (compare(r[2], r[3], e6[2 * m - 2], e6[2 * m - 1]) > 0) {
                            e6[2 * m - 2] = r[2];
                            e6[2 * m - 1] = r[3];
                        }
                        continue;
                    }
                    s6[2 * m] = r[0];
                    s6[2 * m + 1] = r[1];
                    e6[2 * m] = r[2];
                    e6[2 * m + 1] = r[3];
                    m++;
                }
                result = new IpSet(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n),
                        Arrays.copyOf(s6, 2 * m), Arrays.copyOf(e6, 2 * m));
            }

            /** Whether a range starting at {@code start} touches one ending at {@code end}. */
            private static boolean adjacentOrOverlapping(long endHigh, long endLow, long startHigh, long startLow) {
                if (endHigh == -1L && endLow == -1L) {
                    return true;
                }
                long nextLow = endLow + 1;
                long nextHigh = nextLow == 0 ? endHigh + 1 : endHigh;
                return compare(startHigh, startLow, nextHigh, nextLow) <= 0;
            }
        }
    }
}
