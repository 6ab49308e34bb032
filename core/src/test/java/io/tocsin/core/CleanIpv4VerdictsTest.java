package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The table of clean IPv4 verdicts: bounded, expiring, and exact about which address it holds. */
class CleanIpv4VerdictsTest {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void holdsAnAddressUntilItsLifetimeEnds() {
        CleanIpv4Verdicts table = CleanIpv4Verdicts.forCache(1024, 15 * MINUTE);
        long now = 5 * MINUTE;
        table.put(0x0A000001, now);
        assertThat(table.contains(0x0A000001, now)).isTrue();
        assertThat(table.contains(0x0A000002, now)).as("another address").isFalse();
        assertThat(table.contains(0x0A000001, now + 15 * MINUTE - MINUTE)).isTrue();
        assertThat(table.contains(0x0A000001, now + 15 * MINUTE + MINUTE)).as("expired").isFalse();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void theZeroAddressIsAnAddressLikeAnyOther() {
        CleanIpv4Verdicts table = CleanIpv4Verdicts.forCache(64, MINUTE);
        assertThat(table.contains(0, 0)).isFalse();
        table.put(0, 0);
        assertThat(table.contains(0, 0)).isTrue();
        table.remove(0);
        assertThat(table.contains(0, 0)).isFalse();
    }

    @Test
    void staysWithinItsCapacityAndKeepsTheNewestOfAFullBucket() {
        CleanIpv4Verdicts table = CleanIpv4Verdicts.forCache(1000, 15 * MINUTE);
        assertThat(table.capacity()).isEqualTo(1000);
        assertThat(table.slots()).isEqualTo(2048);
        for (int i = 0; i < 100_000; i++) {
            table.put(0x0A000000 + i, i * 1_000_000L); // 1 ms apart
        }
        assertThat(table.size()).isLessThanOrEqualTo(table.capacity());
        long now = 100_000 * 1_000_000L;
        assertThat(table.contains(0x0A000000 + 99_999, now)).as("the newest").isTrue();
        assertThat(table.contains(0x0A000000, now)).as("the oldest made room").isFalse();
        int kept = 0;
        for (int i = 100_000 - 1000; i < 100_000; i++) {
            kept += table.contains(0x0A000000 + i, now) ? 1 : 0;
        }
        // set-associative, not an exact LRU: each bucket keeps its newest, buckets fill unevenly
        assertThat(kept).as("most of the last 1000").isGreaterThan(600);
    }

    @Test
    void aMillionAddressesFitATableSizedForThem() {
        CleanIpv4Verdicts table = CleanIpv4Verdicts.forCache(1 << 20, 15 * MINUTE);
        java.util.Random random = new java.util.Random(19);
        int[] addresses = random.ints(1_000_000).toArray();
        for (int a : addresses) {
            table.put(a, 0);
        }
        int kept = 0;
        for (int a : addresses) {
            kept += table.contains(a, 0) ? 1 : 0;
        }
        assertThat(kept).as("random addresses kept").isGreaterThan(990_000);
    }

    @Test
    void renewsRemovesAndClears() {
        CleanIpv4Verdicts table = CleanIpv4Verdicts.forCache(64, MINUTE);
        table.put(7, 0);
        table.put(7, MINUTE / 2);
        assertThat(table.size()).as("renewed, not added twice").isEqualTo(1);
        assertThat(table.contains(7, MINUTE + MINUTE / 4)).as("the renewed lifetime").isTrue();
        table.put(8, 0);
        table.remove(7);
        assertThat(table.contains(7, 0)).isFalse();
        assertThat(table.contains(8, 0)).isTrue();
        table.clear();
        assertThat(table.contains(8, 0)).isFalse();
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

            ticker.advance(Duration.ofHours(1)); // a lookup that lists an IPv4 address keeps it in the cache, not the table
            source.answer = SourceResult.listed(new Listing("s", Category.INFECTED, java.util.List.of("127.0.0.4"), "r"));
            checker.check(clean).join();
            assertThat(checker.cached(clean).listed()).isTrue();
        }
    }

    @Test
    void noTableWhereItCannotServe() {
        assertThat(CleanIpv4Verdicts.forCache(0, MINUTE)).as("no cache").isNull();
        assertThat(CleanIpv4Verdicts.forCache(3, MINUTE).slots()).as("one bucket").isEqualTo(8);
        assertThat(CleanIpv4Verdicts.forCache(1000, 0)).as("nothing kept").isNull();
        assertThat(CleanIpv4Verdicts.forCache(1000, Duration.ofDays(30).toNanos())).as("beyond its clock").isNull();
        assertThat(CleanIpv4Verdicts.forCache(Integer.MAX_VALUE, MINUTE).slots()).isEqualTo(CleanIpv4Verdicts.MAX_SLOTS);
    }
}
