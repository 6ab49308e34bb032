package io.tocsin.benchmarks.collector;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.collector.evidence.Evidence;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.store.SqliteEvidenceStore;
import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Records N distinct addresses (default 1M; every tenth an IPv6 address) into the embedded SQLite
 * store, one transaction per report as {@code collect} does, then looks up N known and N unknown
 * addresses, enumerates what is listed, and reports ops/s and bytes per address on disk. The
 * baseline, run side by side on the same addresses: a {@link ConcurrentHashMap} in memory, merging
 * the same way (no durability), for scale.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.collector.StoreScale [N]}
 */
public final class StoreScale {

    private StoreScale() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.println(Machine.describe());
        IpAddress[] known = addresses(n, 1);
        IpAddress[] unknown = addresses(n, 2);
        Instant now = Instant.now();
        Path dir = Files.createTempDirectory("tocsin-store-bench");
        try {
            // baseline: the same merges in a hash map
            Map<IpAddress, Evidence> map = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            for (IpAddress ip : known) {
                Report r = report(ip, now);
                map.merge(ip, Evidence.of(r), (a, b) -> a.merge(r));
            }
            long mapRecord = System.nanoTime() - t0;
            t0 = System.nanoTime();
            long hits = 0;
            for (int i = 0; i < n; i++) {
                hits += map.containsKey(known[i]) ? 1 : 0;
                hits += map.containsKey(unknown[i]) ? 1 : 0;
            }
            long mapGet = System.nanoTime() - t0;
            check(hits == n, "map hits " + hits);
            map = null;

            try (SqliteEvidenceStore store = SqliteEvidenceStore.open(dir, Retention.DEFAULT)) {
                t0 = System.nanoTime();
                for (IpAddress ip : known) {
                    store.record(report(ip, now));
                }
                long record = System.nanoTime() - t0;
                t0 = System.nanoTime();
                hits = 0;
                for (int i = 0; i < n; i++) {
                    hits += store.get(known[i]).isPresent() ? 1 : 0;
                    hits += store.get(unknown[i]).isPresent() ? 1 : 0;
                }
                long get = System.nanoTime() - t0;
                check(hits == n, "store hits " + hits);
                long[] listed = {0};
                t0 = System.nanoTime();
                store.forEachListed(Instant.now(), e -> listed[0]++);
                long list = System.nanoTime() - t0;
                check(listed[0] == n, "listed " + listed[0]);
                long v0 = System.nanoTime();
                for (int i = 0; i < 10_000; i++) {
                    store.version();
                }
                long version = System.nanoTime() - v0;
                // a second record of every tenth address: merging into existing evidence
                t0 = System.nanoTime();
                for (int i = 0; i < n; i += 10) {
                    store.record(report(known[i], now.plusSeconds(1)));
                }
                long merge = System.nanoTime() - t0;

                System.out.printf("addresses              : %,d (every tenth IPv6)%n", n);
                System.out.printf("record (new address)   : %,.0f ops/s  (baseline hash map %,.0f ops/s; ratio %.3f)%n",
                        rate(n, record), rate(n, mapRecord), (double) mapRecord / record);
                System.out.printf("record (merge)         : %,.0f ops/s%n", rate(n / 10, merge));
                System.out.printf("get (half hits)        : %,.0f ops/s  (baseline hash map %,.0f ops/s; ratio %.3f)%n",
                        rate(2L * n, get), rate(2L * n, mapGet), (double) mapGet / get);
                System.out.printf("enumerate listed       : %,.0f evidence/s%n", rate(n, list));
                System.out.printf("version() (change poll): %.1f us a call%n", version / 10_000 / 1000.0);
            }
            // the store closed: SQLite checkpoints the WAL into the database file
            long bytes = size(dir);
            System.out.printf("on disk after close    : %,d bytes = %.1f bytes per address%n", bytes, (double) bytes / n);
            System.out.println("JVM args: " + Machine.jvmArgs());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Report report(IpAddress ip, Instant now) {
        return new Report(ip, Category.INFECTED, "Win.Worm.Sober-2", EvidenceKind.MAIL, now, null);
    }

    private static IpAddress[] addresses(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        IpAddress[] out = new IpAddress[n];
        java.util.Set<IpAddress> seen = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            IpAddress ip;
            do {
                ip = i % 10 == 9
                        ? IpAddress.ofBits(0x2001_0db8_0000_0000L | random.nextInt(1 << 16), random.nextLong())
                        : IpAddress.ofIpv4((seed == 1 ? 0x0B000000 : 0x0C000000) | random.nextInt(1 << 24));
            } while (!seen.add(ip));
            out[i] = ip;
        }
        return out;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static double rate(long ops, long nanos) {
        return ops * 1e9 / nanos;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
