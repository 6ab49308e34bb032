package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tocsin.core.ip.IpAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Floods: a million distinct visitors, a pile-up of slow lookups, a source over its rate, and one
 * listed visitor reloading. The bounds are counted (cache entries, queries sent, retained heap),
 * never timed, so the test means the same on a busy machine.
 */
class CheckerFloodTest {

    /** A source that counts queries and either answers at once or holds every answer until released. */
    static final class CountingSource implements Source {
        final AtomicInteger queries = new AtomicInteger();
        final List<CompletableFuture<SourceResult>> held = new CopyOnWriteArrayList<>();
        volatile boolean hold;
        volatile SourceResult answer = SourceResult.NOT_LISTED;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public CompletionStage<SourceResult> query(IpAddress ip) {
            queries.incrementAndGet();
            if (hold) {
                CompletableFuture<SourceResult> f = new CompletableFuture<>();
                held.add(f);
                return f;
            }
            return CompletableFuture.completedFuture(answer);
        }

        void release() {
            hold = false;
            held.forEach(f -> f.complete(answer));
            held.clear();
        }
    }

    static final class FrozenTicker implements Ticker {
        final AtomicLong nanos = new AtomicLong(1);

        @Override
        public long read() {
            return nanos.get();
        }
    }

    private static IpAddress nth(int i) {
        return IpAddress.ofIpv4(0x0A000000 | i); // 10.0.0.0/8: 16M distinct addresses
    }

    @Test
    void aMillionDistinctVisitorsKeepTheCacheAndHeapBoundedAndLeakNoLookups() {
        CountingSource source = new CountingSource();
        int maxSize = 10_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Checker checker = Checker.builder().source(source, new SourceLimits(0, 0, Duration.ofSeconds(1)))
                .cacheMaximumSize(maxSize)
                .maxInFlight(1) // one leaked in-flight entry would make every later lookup unknown
                .executor(Runnable::run) // cache maintenance on the caller's thread: eviction is not deferred
                .build()) {
            for (int i = 0; i < 50_000; i++) { // warm up, so the baseline includes the cache's own structure
                checker.check(nth(2_000_000 + i), Duration.ofMillis(50));
            }
            long baseline = retainedHeap(memory);
            for (int i = 0; i < 1_000_000; i++) {
                Verdict v = checker.check(nth(i), Duration.ofMillis(50));
                if (!v.complete()) {
                    throw new AssertionError("lookup " + i + " came back unknown: an in-flight entry leaked");
                }
            }
            long retained = retainedHeap(memory) - baseline;
            System.out.printf("1M distinct visitors: %d cache entries, %d KB retained beyond the warmed-up cache%n",
                    checker.estimatedCacheSize(), retained / 1024);

            assertThat(checker.estimatedCacheSize()).as("cache entries").isLessThanOrEqualTo(maxSize);
            assertThat(source.queries.get()).as("every distinct visitor is looked up once").isEqualTo(1_050_000);
            // 1M clean verdicts would retain >130 MB (benchmarks/CachedVerdictFootprint: ~131 bytes each);
            // the bounded cache holds 10,000 entries, about 1.3 MB. 32 MB leaves room for GC noise.
            assertThat(retained).as("heap retained beyond the warmed-up cache, bytes").isLessThan(32L << 20);
            assertThat(checker.check(IpAddress.parse("192.0.2.1"), Duration.ofMillis(50)).complete())
                    .as("a new visitor after the flood is still looked up").isTrue();
        }
    }

    @Test
    void inFlightLookupsAreCappedAndTheRestAnswerUnknownAtOnce() {
        CountingSource source = new CountingSource();
        source.hold = true;
        List<IpAddress> unknownBudget = new CopyOnWriteArrayList<>();
        try (Checker checker = Checker.builder().source(source, new SourceLimits(0, 0, Duration.ofSeconds(1)))
                .maxInFlight(100)
                .listener(new Listener() {
                    @Override
                    public void budgetExceeded(IpAddress ip) {
                        unknownBudget.add(ip);
                    }
                })
                .build()) {
            List<CompletableFuture<Verdict>> futures = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                futures.add(checker.check(nth(i)));
            }
            assertThat(source.queries.get()).as("lookups started while 100 are in flight").isBetween(100, 101);
            long unknownNow = futures.stream().filter(f -> f.isDone() && !f.join().complete()).count();
            assertThat(unknownNow).as("the rest answer unknown without waiting").isGreaterThanOrEqualTo(10_000 - 101);

            source.release();
            assertThat(futures).allSatisfy(f -> assertThat(f).isDone());
            source.hold = false;
            assertThat(checker.check(nth(20_000), Duration.ofSeconds(1)).complete()).as("capacity comes back").isTrue();
        }
    }

    @Test
    void aSourceIsNeverAskedFasterThanItsMaxRate() {
        CountingSource source = new CountingSource();
        FrozenTicker ticker = new FrozenTicker();
        try (Checker checker = Checker.builder().source(source, new SourceLimits(4, 0, Duration.ofSeconds(1)))
                .ticker(ticker)
                .errorTtl(Duration.ofNanos(1))
                .build()) {
            int overloaded = 0;
            for (int i = 0; i < 1_000; i++) { // a burst within one frozen instant
                Verdict v = checker.check(nth(i)).join();
                if (!v.errors().isEmpty() && v.errors().get(0).kind() == SourceResult.Failure.OVERLOADED) {
                    overloaded++;
                    assertThat(v.listed()).isFalse();
                }
            }
            assertThat(source.queries.get()).as("queries in one instant: the burst of one second's worth").isEqualTo(4);
            assertThat(overloaded).isEqualTo(996);

            for (int second = 1; second <= 10; second++) { // ten more seconds, 1000 visitors each
                ticker.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
                for (int i = 0; i < 1_000; i++) {
                    checker.check(nth(second * 1_000 + i)).join();
                }
            }
            assertThat(source.queries.get()).as("queries over 11 seconds at 4 per second").isEqualTo(4 + 40);
        }
    }

    @Test
    void aListedVisitorReloadingAHundredTimesCausesOneLookup() throws Exception {
        CountingSource source = new CountingSource();
        source.answer = SourceResult.listed(new Listing("counting", Category.INFECTED, List.of("127.0.0.4"), "sober"));
        source.hold = true; // the first page view waits on a slow list
        IpAddress visitor = IpAddress.parse("192.0.2.66");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (Checker checker = Checker.builder().source(source).build()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Verdict>> concurrent = new ArrayList<>();
            for (int i = 0; i < 50; i++) { // 50 reloads while the lookup is under way
                concurrent.add(pool.submit(() -> {
                    go.await();
                    return checker.check(visitor, Duration.ofMillis(20));
                }));
            }
            go.countDown();
            for (Future<Verdict> f : concurrent) {
                assertThat(f.get(10, TimeUnit.SECONDS).listed()).as("unknown while the list is slow").isFalse();
            }
            source.release();
            for (int i = 0; i < 50; i++) { // 50 more from the cache
                assertThat(checker.check(visitor, Duration.ofMillis(20)).shouldNotify()).isTrue();
            }
            assertThat(source.queries.get()).as("lookups for 100 page views of one visitor").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long retainedHeap(MemoryMXBean memory) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // the least of a few full collections: what is really retained
            System.gc();
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
