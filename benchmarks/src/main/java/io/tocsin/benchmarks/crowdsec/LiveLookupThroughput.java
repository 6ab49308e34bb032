package io.tocsin.benchmarks.crowdsec;

import io.tocsin.core.Listener;
import io.tocsin.core.Source;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceResult;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.CrowdsecLapi;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live {@code crowdsec} lookups per second against a real Local API on loopback (Debian package
 * {@code crowdsec}): {@code concurrency} lookups kept in flight for {@code seconds}, over addresses of
 * which one in ten is listed. Every lookup is a cache miss here; in a web application the verdict
 * cache absorbs repeat visitors.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.crowdsec.LiveLookupThroughput [concurrency] [seconds]}
 */
public final class LiveLookupThroughput {

    private LiveLookupThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-scheduler");
            t.setDaemon(true);
            return t;
        });
        try (CrowdsecLapi lapi = CrowdsecLapi.start()) {
            for (int i = 0; i < 10; i++) {
                lapi.addDecision("192.0.2." + (i * 10), Duration.ofHours(1), "bench", "ban");
            }
            Settings settings = Settings.of(Map.of(
                    "tocsin.sources.cs.type", "crowdsec",
                    "tocsin.sources.cs.url", lapi.url(),
                    "tocsin.sources.cs.api-key", lapi.apiKey(),
                    "tocsin.sources.cs.max-in-flight", Integer.toString(concurrency)));
            try (Source source = CheckerSettings.sources(settings, LiveLookupThroughput.class.getClassLoader()).get(0)) {
                source.start(new SourceContext(scheduler, Clock.systemUTC(), Listener.NONE)).toCompletableFuture().join();
                run(source, concurrency, 2); // warm-up: connections, JIT
                long[] r = run(source, concurrency, seconds);
                System.out.printf("live crowdsec lookups: %,d in %d s = %,.0f lookups/s at concurrency %d (%,d listed, %,d errors)%n",
                        r[0], seconds, r[0] / (double) seconds, concurrency, r[1], r[2]);
                System.out.printf("JVM: %s %s, %d processors%n", System.getProperty("java.vm.name"),
                        System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors());
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Returns lookups done, listed, failed. */
    private static long[] run(Source source, int concurrency, int seconds) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        AtomicLong done = new AtomicLong();
        AtomicLong listed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int i = 0;
        while (System.nanoTime() < end) {
            slots.acquire();
            IpAddress ip = IpAddress.parse("192.0.2." + (i++ % 100));
            CompletableFuture<SourceResult> f = source.query(ip).toCompletableFuture();
            f.whenComplete((result, e) -> {
                done.incrementAndGet();
                if (result instanceof SourceResult.Listed) {
                    listed.incrementAndGet();
                } else if (result instanceof SourceResult.Failed) {
                    failed.incrementAndGet();
                }
                slots.release();
            });
        }
        slots.acquire(concurrency);
        return new long[] {done.get(), listed.get(), failed.get()};
    }
}
