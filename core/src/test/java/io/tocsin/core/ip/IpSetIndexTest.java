package io.tocsin.core.ip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Large IPv4 sets use a /16 block index; it must agree with a plain scan everywhere, block edges included. */
class IpSetIndexTest {

    @Test
    void indexedLookupAgreesWithALinearScan() {
        SplittableRandom random = new SplittableRandom(5);
        List<long[]> ranges = new ArrayList<>();
        IpSet.Builder builder = IpSet.builder();
        for (int i = 0; i < 40_000; i++) {
            long start = random.nextLong(1L << 32);
            // mostly single addresses, some ranges that cross one or many /16 blocks
            long length = switch (i % 10) {
                case 0 -> 1 + random.nextLong(1 << 20);
                case 1 -> 1 + random.nextLong(1 << 12);
                default -> 1;
            };
            long end = Math.min(0xFFFFFFFFL, start + length - 1);
            ranges.add(new long[] {start, end});
            builder.addIpv4((int) start, (int) end);
        }
        builder.addIpv4(0, 5);
        ranges.add(new long[] {0, 5});
        builder.addIpv4(-3, -1); // 255.255.255.253 - 255.255.255.255
        ranges.add(new long[] {0xFFFFFFFDL, 0xFFFFFFFFL});
        IpSet set = builder.build();
        assertThat(set.rangeCount()).isGreaterThan(1 << 14);

        List<Long> probes = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            probes.add(random.nextLong(1L << 32));
        }
        for (int i = 0; i < 2000; i++) { // the first and last address of blocks, and edges of ranges
            long block = random.nextLong(1 << 16) << 16;
            probes.add(block);
            probes.add(block - 1 & 0xFFFFFFFFL);
            long[] r = ranges.get(random.nextInt(ranges.size()));
            probes.add(r[0]);
            probes.add(r[1]);
            probes.add(r[0] - 1 & 0xFFFFFFFFL);
            probes.add(r[1] + 1 & 0xFFFFFFFFL);
        }
        probes.add(0L);
        probes.add(0xFFFFFFFFL);
        // the oracle works on the unmerged ranges: sorted by start, with the running maximum of their ends
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] starts = new long[ranges.size()];
        long[] maxEnds = new long[ranges.size()];
        long max = -1;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = ranges.get(i)[0];
            max = Math.max(max, ranges.get(i)[1]);
            maxEnds[i] = max;
        }
        for (long p : probes) {
            int i = java.util.Arrays.binarySearch(starts, p);
            int last = i >= 0 ? i : -i - 2;
            while (i >= 0 && last + 1 < starts.length && starts[last + 1] == p) {
                last++;
            }
            boolean expected = last >= 0 && maxEnds[last] >= p;
            IpAddress address = IpAddress.ofIpv4((int) p);
            assertThat(set.contains(address)).as(address.toString()).isEqualTo(expected);
        }
    }
}
