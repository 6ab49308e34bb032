package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The table of IPv4 verdicts: bounded, expiring, and exact about which address it holds. */
class Ipv4VerdictsTest {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void holdsAnAddressUntilItsLifetimeEnds() {
        Ipv4Verdicts table = Ipv4Verdicts.forCache(1024);
        long life = 15 * MINUTE;
        long now = 5 * MINUTE;
        table.put(0x0A000001, Ipv4Verdicts.CLEAN, now, life);
        assertThat((table.get(0x0A000001, now) != null)).isTrue();
        assertThat((table.get(0x0A000002, now) != null)).as("another address").isFalse();
        assertThat((table.get(0x0A000001, now + 15 * MINUTE - MINUTE) != null)).isTrue();
        assertThat((table.get(0x0A000001, now + 15 * MINUTE + MINUTE) != null)).as("expired").isFalse();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void theZeroAddressIsAnAddressLikeAnyOther() {
        Ipv4Verdicts table = Ipv4Verdicts.forCache(64);
        long life = MINUTE;
        assertThat((table.get(0, 0) != null)).isFalse();
        table.put(0, Ipv4Verdicts.CLEAN, 0, life);
        assertThat((table.get(0, 0) != null)).isTrue();
        table.remove(0);
        assertThat((table.get(0, 0) != null)).isFalse();
    }

    @Test
    void staysWithinItsCapacityAndKeepsTheNewestOfAFullBucket() {
        Ipv4Verdicts table = Ipv4Verdicts.forCache(1000);
        long life = 15 * MINUTE;
        assertThat(table.capacity()).isEqualTo(1000);
        assertThat(table.slots()).isEqualTo(2048);
        for (int i = 0; i < 100_000; i++) {
            table.put(0x0A000000 + i, Ipv4Verdicts.CLEAN, i * 1_000_000L, life); // 1 ms apart
        }
        assertThat(table.size()).isLessThanOrEqualTo(table.capacity());
        long now = 100_000 * 1_000_000L;
        assertThat((table.get(0x0A000000 + 99_999, now) != null)).as("the newest").isTrue();
        assertThat((table.get(0x0A000000, now) != null)).as("the oldest made room").isFalse();
        int kept = 0;
        for (int i = 100_000 - 1000; i < 100_000; i++) {
            kept += (table.get(0x0A000000 + i, now) != null) ? 1 : 0;
        }
        // set-associative, not an exact LRU: each bucket keeps its newest, buckets fill unevenly
        assertThat(kept).as("most of the last 1000").isGreaterThan(600);
    }

    @Test
    void aMillionAddressesFitATableSizedForThem() {
        Ipv4Verdicts table = Ipv4Verdicts.forCache(1 << 20);
        long life = 15 * MINUTE;
        java.util.Random random = new java.util.Random(19);
        int[] addresses = random.ints(1_000_000).toArray();
        for (int a : addresses) {
            table.put(a, Ipv4Verdicts.CLEAN, 0, life);
        }
        int kept = 0;
        for (int a : addresses) {
            kept += (table.get(a, 0) != null) ? 1 : 0;
        }
        assertThat(kept).as("random addresses kept").isGreaterThan(990_000);
    }

    @Test
    void renewsRemovesAndClears() {
        Ipv4Verdicts table = Ipv4Verdicts.forCache(64);
        long life = MINUTE;
        table.put(7, Ipv4Verdicts.CLEAN, 0, life);
        table.put(7, Ipv4Verdicts.CLEAN, MINUTE / 2, life);
        assertThat(table.size()).as("renewed, not added twice").isEqualTo(1);
        assertThat((table.get(7, MINUTE + MINUTE / 4) != null)).as("the renewed lifetime").isTrue();
        table.put(8, Ipv4Verdicts.CLEAN, 0, life);
        table.remove(7);
        assertThat((table.get(7, 0) != null)).isFalse();
        assertThat((table.get(8, 0) != null)).isTrue();
        table.clear();
        assertThat((table.get(8, 0) != null)).isFalse();
        assertThat(table.size()).isZero();
    }

    @Test
    void theCheckerCountsTheTablesHitsAndForgetsThemWithTheRest() {
        com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter stats = new com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter();
        CheckerTest.FakeTicker ticker = new CheckerTest.FakeTicker();
        CheckerTest.ScriptedSource source = new CheckerTest.ScriptedSource("s");
        io.tocsin.core.ip.IpAddress clean = io.tocsin.core.ip.IpAddress.parse("198.51.100.7");
        try (Checker checker = Checker.builder().source(source).ticker(ticker).executor(Runnable::run).cacheStats(() -> stats).build()) {
            source.answer = SourceResult.NOT_LISTED;
            checker.check(clean).join();
            assertThat(checker.cached(clean)).isEqualTo(Verdict.clean(clean));
            assertThat(checker.check(clean.toString(), Duration.ofMillis(50))).isEqualTo(Verdict.clean(clean));
            assertThat(stats.snapshot().hitCount()).isEqualTo(2);
            assertThat(checker.estimatedCacheSize()).isEqualTo(1);
            checker.invalidateAll();
            assertThat(checker.cached(clean)).isNull();
            assertThat(checker.estimatedCacheSize()).isZero();

            ticker.advance(Duration.ofHours(1)); // a listed verdict is kept as it is, for its own lifetime
            source.answer = SourceResult.listed(new Listing("s", Category.INFECTED, java.util.List.of("127.0.0.4"), "r"));
            Verdict listed = checker.check(clean).join();
            assertThat(checker.cached(clean)).isSameAs(listed);
            ticker.advance(Duration.ofMinutes(59));
            assertThat(checker.cached(clean)).isSameAs(listed);
            ticker.advance(Duration.ofMinutes(2));
            assertThat(checker.cached(clean)).isNull();
        }
    }

    @Test
    void neighbouringAddressesAllFitATableSizedForThem() {
        for (int n : new int[] {1024, 65_536}) {
            Ipv4Verdicts table = Ipv4Verdicts.forCache(2L * n); // as CacheHitBenchmark sizes its cache
            for (int i = 0; i < n; i++) {
                table.put(0x0A000000 + i, Ipv4Verdicts.CLEAN, 0, MINUTE);
            }
            // a bucket of 8 overflows for about 1 address in 10,000 at this load (Poisson, mean 2 per bucket)
            assertThat(table.size()).as("%d neighbouring addresses, few lost to a full bucket", n).isGreaterThanOrEqualTo(n - n / 2000);
        }
    }

    @Test
    void aSlotHoldsTheVerdictOfItsOwnAddressOnly() {
        Ipv4Verdicts table = Ipv4Verdicts.forCache(8);
        Object a = new Object();
        Object b = new Object();
        for (int i = 0; i < 1000; i++) {
            table.put(i, i % 2 == 0 ? a : b, 0, MINUTE);
            for (int k = Math.max(0, i - 20); k <= i; k++) {
                Object v = table.get(k, 0);
                assertThat(v == null || v == (k % 2 == 0 ? a : b)).as("address %d", k).isTrue();
            }
        }
        assertThat(table.size()).isLessThanOrEqualTo(8);
    }

    @Test
    void noTableWhereItCannotServe() {
        assertThat(Ipv4Verdicts.forCache(0)).as("no cache").isNull();
        assertThat(Ipv4Verdicts.forCache(3).slots()).as("one bucket").isEqualTo(8);
        assertThat(Ipv4Verdicts.fits(0)).as("nothing kept").isFalse();
        assertThat(Ipv4Verdicts.fits(Duration.ofDays(30).toNanos())).as("beyond its clock").isFalse();
        assertThat(Ipv4Verdicts.fits(Duration.ofDays(1).toNanos())).isTrue();
        assertThat(Ipv4Verdicts.forCache(Integer.MAX_VALUE).slots()).isEqualTo(Ipv4Verdicts.MAX_SLOTS);
    }
}
