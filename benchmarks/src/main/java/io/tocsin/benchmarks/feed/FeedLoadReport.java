package io.tocsin.benchmarks.feed;

import io.tocsin.core.feed.FeedSource;
import io.tocsin.core.ip.IpAddress;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Loads a synthetic feed of 1M entries (or the count given as the first argument) through the
 * {@code feed} source and reports the load time (first and best of five) and the heap the loaded
 * copy keeps, per entry: measured as the used heap after a full GC with the copy held, minus the used
 * heap after another with it released, next to the size of its range arrays.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.feed.FeedLoadReport}
 */
public final class FeedLoadReport {

    private FeedLoadReport() {
    }

    public static void main(String[] args) throws IOException {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("feed-load");
        Path file = FeedFiles.write(dir.resolve("feed.txt"), entries, 7, new int[0]);
        ScheduledExecutorService scheduler = FeedFiles.scheduler();
        try {
            long first = 0;
            long best = Long.MAX_VALUE;
            for (int run = 0; run < 6; run++) {
                long start = System.nanoTime();
                FeedSource feed = FeedFiles.load(file, scheduler);
                long nanos = System.nanoTime() - start;
                feed.close();
                if (run == 0) {
                    first = nanos;
                } else {
                    best = Math.min(best, nanos);
                }
            }
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long baseline = usedAfterGc(memory);
            FeedSource feed = FeedFiles.load(file, scheduler);
            long loaded = usedAfterGc(memory);
            int ranges = feed.set().rangeCount();
            boolean sane = feed.contains(IpAddress.parse("0.0.0.0")) || !feed.contains(IpAddress.parse("0.0.0.0"));
            long retained = loaded - baseline;
            System.out.printf("entries in file        : %,d (%,d bytes)%n", feed.entries(), Files.size(file));
            System.out.printf("merged ranges          : %,d%n", ranges);
            System.out.printf("load time, first run   : %,d ms%n", first / 1_000_000);
            System.out.printf("load time, best of 5   : %,d ms%n", best / 1_000_000);
            System.out.printf("heap kept by the copy  : %,d bytes = %.2f bytes per entry (measured after full GC)%n",
                    retained, (double) retained / feed.entries());
            System.out.printf("range arrays           : %,d bytes = %.2f bytes per entry (2 ints per range)%n",
                    (long) ranges * 8, (double) ranges * 8 / feed.entries());
            System.out.printf("JVM                    : %s %s, %d processors, max heap %,d MB%n", System.getProperty("java.vm.name"),
                    System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            if (!sane) {
                throw new AssertionError();
            }
            feed.close();
        } finally {
            scheduler.shutdownNow();
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100); // let the collector finish before reading the heap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
