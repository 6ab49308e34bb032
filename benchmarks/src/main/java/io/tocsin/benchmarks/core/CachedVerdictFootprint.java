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
 * addresses and compares used heap after full GCs with the same JVM before filling.
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
        try (Checker checker = Checker.builder().source(clean).cacheMaximumSize(n).executor(Runnable::run).build()) {
            long before = usedAfterGc();
            for (int i = 0; i < n; i++) {
                checker.check(IpAddress.ofIpv4(0x0A000000 + i)).join();
            }
            long after = usedAfterGc();
            long size = checker.estimatedCacheSize();
            System.out.printf("cached verdicts: %d%nretained heap: %.1f MB%nbytes per cached clean verdict: %.1f%n",
                    size, (after - before) / 1e6, (after - before) / (double) size);
            System.out.printf("JVM: %s %s, max heap %d MB%n", System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
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
