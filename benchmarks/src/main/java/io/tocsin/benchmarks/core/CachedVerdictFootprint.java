package io.tocsin.benchmarks.core;

import io.tocsin.core.Checker;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Retained heap per cached clean verdict: fills a checker's cache with {@code N} distinct clean
 * addresses and compares used heap after full GCs with the same JVM before the checker was built
 * (so a table allocated up front counts), once for IPv4 addresses and once for IPv6 ones.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.core.CachedVerdictFootprint 1000000}
 */
public final class CachedVerdictFootprint {

    private CachedVerdictFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Source clean = new Source() {
            private final CompletableFuture<SourceResult> answer = CompletableFuture.completedFuture(SourceResult.NOT_LISTED);

            @Override
            public String name() {
                return "clean";
            }

            @Override
            public CompletionStage<SourceResult> query(IpAddress ip) {
                return answer;
            }
        };
        long room = Long.highestOneBit(n - 1L) << 1; // a cache sized for n: the table of clean IPv4 verdicts is a power of two
        measure("IPv4 (the table of IPv4 verdicts)", clean, n, room, i -> IpAddress.ofIpv4(0x0A000000 + i));
        measure("IPv6 (the Caffeine cache; the empty IPv4 table counted too)", clean, n, room, i -> IpAddress.ofBits(0x20010DB800000000L, i));
        System.out.printf("JVM: %s %s, max heap %d MB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Heap retained by a checker holding {@code n} clean verdicts, its fixed structures included (measured before it is built). */
    private static void measure(String what, Source clean, int n, long room, java.util.function.IntFunction<IpAddress> address)
            throws InterruptedException {
        long before = usedAfterGc();
        try (Checker checker = Checker.builder().source(clean).cacheMaximumSize(room).executor(Runnable::run).build()) {
            for (int i = 0; i < n; i++) {
                checker.check(address.apply(i)).join();
            }
            long after = usedAfterGc();
            long size = checker.estimatedCacheSize();
            System.out.printf("%s: cached verdicts: %d (cache.max-size %d)%nretained heap: %.1f MB%nbytes per cached clean verdict: %.1f%n",
                    what, size, room, (after - before) / 1e6, (after - before) / (double) size);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100); // let the collector finish; this is a measurement, not a test
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
