package io.tocsin.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceError;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Poll;
import io.tocsin.testing.Rbldnsd;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** DNSBL lookups against a real rbldnsd on loopback. */
class DnsblSourceIT {

    private static final String HOSTILE = "<script>alert('x')</script> \u202Eevil & \"quoted\"";
    private static Rbldnsd dns;

    @BeforeAll
    static void startDns() {
        dns = Rbldnsd.builder()
                .ip4set("bl.test", String.join("\n",
                        ":127.0.0.2:Listed in bl.test: $",
                        "192.0.2.66 :127.0.0.4:infected: sober",
                        "192.0.2.67 :127.0.0.4:" + HOSTILE,
                        "192.0.2.68 :127.0.0.4:",
                        "198.51.100.0/24 :127.0.0.10:range listed $",
                        "!198.51.100.200"))
                .ip6trie("bl.test", String.join("\n",
                        "2001:db8::66 :127.0.0.4:infected (v6)",
                        "2001:db8:abcd::/48 :127.0.0.10:v6 range $"))
                .ip4set("multi.test", "192.0.2.66 :127.0.0.4:xbl\n192.0.2.66 :127.0.0.10:pbl")
                .ip4set("errors.test", "192.0.2.77 :127.255.255.254:public resolver")
                .ip4trie("dead.test", "0.0.0.0/0 :127.0.0.2:everything")
                .ip6trie("dead.test", "::/0 :127.0.0.2:everything")
                .ip4set("timeout.test", "")
                .acl("timeout.test", "0.0.0.0/0 :ignore\n::/0 :ignore")
                .ip4set("refused.test", "")
                .acl("refused.test", "0.0.0.0/0 :refuse\n::/0 :refuse")
                .ip4set("servfail.test", "$TIMESTAMP 2020:01:01 +1d\n192.0.2.66 :127.0.0.4:x")
                .ip4set("v4only.test", "192.0.2.66 :127.0.0.4:v4 only")
                .withoutTestPoint("empty.test")
                .ip4set("empty.test", "192.0.2.66 :127.0.0.4:no test point")
                .start();
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    private static DnsblSource.Builder zone(String name, String zone) {
        return DnsblSource.builder(name).zone(zone).servers(List.of(dns.address())).timeout(Duration.ofMillis(500));
    }

    private static Checker checker(Source... sources) {
        Checker.Builder builder = Checker.builder();
        for (Source s : sources) {
            builder.source(s);
        }
        Checker checker = builder.build();
        checker.ready().orTimeout(10, TimeUnit.SECONDS).join();
        return checker;
    }

    private static Verdict check(Checker checker, String ip) {
        return checker.check(IpAddress.parse(ip)).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Nested
    class Lookups {
        private final DnsblSource bl = zone("bl", "bl.test").txt(true)
                .codes(ReturnCodes.parse("127.0.0.4-127.0.0.7=infected,127.0.0.10-127.0.0.11=policy", Category.OTHER)).build();

        @Test
        void listedIpv4AddressWithItsTxtReason() {
            try (Checker checker = checker(bl)) {
                Verdict v = check(checker, "192.0.2.66");
                assertThat(v.listings()).containsExactly(new Listing("bl", Category.INFECTED, List.of("127.0.0.4"), "infected: sober"));
                assertThat(v.shouldNotify()).isTrue();
                assertThat(v.errors()).isEmpty();
            }
        }

        @Test
        void unlistedAddressIsClean() {
            try (Checker checker = checker(bl)) {
                Verdict v = check(checker, "192.0.2.1");
                assertThat(v.listed()).isFalse();
                assertThat(v.errors()).isEmpty();
                assertThat(v.complete()).isTrue();
            }
        }

        @Test
        void rangesAndExclusionsWithPolicyCodesThatNeverNotify() {
            try (Checker checker = checker(bl)) {
                Verdict inRange = check(checker, "198.51.100.7");
                assertThat(inRange.categories()).containsExactly(Category.POLICY);
                assertThat(inRange.shouldNotify()).isFalse();
                assertThat(inRange.listings().get(0).reason()).isEqualTo("range listed 198.51.100.7");
                assertThat(check(checker, "198.51.100.200").listed()).as("excluded with !").isFalse();
            }
        }

        @Test
        void listedIpv6AddressesAndRanges() {
            try (Checker checker = checker(bl)) {
                assertThat(check(checker, "2001:db8::66").listings())
                        .containsExactly(new Listing("bl", Category.INFECTED, List.of("127.0.0.4"), "infected (v6)"));
                assertThat(check(checker, "2001:db8:abcd:1::5").categories()).containsExactly(Category.POLICY);
                assertThat(check(checker, "2001:db8::67").listed()).isFalse();
            }
        }

        @Test
        void ipv4MappedAddressIsLookedUpAsIpv4() {
            try (Checker checker = checker(bl)) {
                Verdict v = check(checker, "::ffff:192.0.2.66");
                assertThat(v.ip()).hasToString("192.0.2.66");
                assertThat(v.shouldNotify()).isTrue();
            }
        }

        @Test
        void hostileTxtComesBackVerbatimAsData() {
            try (Checker checker = checker(bl)) {
                assertThat(check(checker, "192.0.2.67").listings().get(0).reason()).isEqualTo(HOSTILE);
            }
        }

        @Test
        void emptyTxtMeansNoReason() {
            try (Checker checker = checker(bl)) {
                assertThat(check(checker, "192.0.2.68").listings().get(0).reason()).isNull();
            }
        }

        @Test
        void severalCodesGiveTheUnionOfCategories() {
            try (Checker checker = checker(zone("zen", "multi.test").preset(DnsblPreset.SPAMHAUS_ZEN).build())) {
                Verdict v = check(checker, "192.0.2.66");
                assertThat(v.categories()).containsExactly(Category.INFECTED, Category.POLICY);
                assertThat(v.listings().get(0).codes()).containsExactlyInAnyOrder("127.0.0.4", "127.0.0.10");
                assertThat(v.shouldNotify()).isTrue();
            }
        }

        @Test
        void anIpv4OnlyZoneStillServesIpv4WhileIpv6IsSuspended() {
            DnsblSource v4only = zone("v4only", "v4only.test").build();
            try (Checker checker = checker(v4only)) {
                // rbldnsd answers IPv4-mapped test points from ip4set data, so this zone passes for both families;
                // an ipv6=false source simply does not look IPv6 addresses up
                assertThat(check(checker, "192.0.2.66").shouldNotify()).isTrue();
            }
            try (Checker checker = checker(zone("v4", "v4only.test").ipv6(false).build())) {
                Verdict v = check(checker, "2001:db8::66");
                assertThat(v.listed()).isFalse();
                assertThat(v.errors()).isEmpty();
            }
        }
    }

    @Nested
    class BrokenZones {

        @Test
        void aZoneThatListsTheWorldIsSuspendedAndAccusesNobody() {
            DnsblSource dead = zone("dead", "dead.test").build();
            try (Checker checker = checker(dead)) {
                assertThat(dead.health().state()).isEqualTo(SourceHealth.State.SUSPENDED);
                assertThat(dead.health().reason()).contains("127.0.0.1 is listed", "lists the world");
                for (String ip : List.of("192.0.2.1", "192.0.2.66", "2001:db8::1")) {
                    Verdict v = check(checker, ip);
                    assertThat(v.listed()).as(ip).isFalse();
                    assertThat(v.errors()).extracting(SourceError::kind).containsExactly(SourceResult.Failure.SUSPENDED);
                }
            }
        }

        @Test
        void aZoneWithoutTestPointIsSuspended() {
            DnsblSource empty = zone("empty", "empty.test").build();
            try (Checker checker = checker(empty)) {
                assertThat(empty.health().reason()).contains("test point 127.0.0.2 is not listed");
                assertThat(check(checker, "192.0.2.66").listed()).isFalse();
            }
        }

        @Test
        void withoutHealthChecksSuchAZoneIsTrusted() {
            DnsblSource empty = zone("empty", "empty.test").healthCheck(false).build();
            try (Checker checker = checker(empty)) {
                assertThat(empty.health().isUp()).isTrue();
                assertThat(check(checker, "192.0.2.66").shouldNotify()).isTrue();
            }
        }

        @Test
        void anErrorCodeIsAnErrorAndSuspendsTheZone() {
            DnsblSource errors = zone("errors", "errors.test").build();
            List<SourceHealth> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (Checker checker = Checker.builder().source(errors).listener(new io.tocsin.core.Listener() {
                @Override
                public void healthChanged(String source, SourceHealth health) {
                    changes.add(health);
                }
            }).build()) {
                checker.ready().orTimeout(10, TimeUnit.SECONDS).join();
                assertThat(errors.health().isUp()).isTrue();
                Verdict v = check(checker, "192.0.2.77");
                assertThat(v.listed()).isFalse();
                assertThat(v.errors()).singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(SourceResult.Failure.ERROR);
                    assertThat(e.error()).contains("127.255.255.254", "public resolver");
                });
                assertThat(errors.health().state()).isEqualTo(SourceHealth.State.SUSPENDED);
                assertThat(changes).last().extracting(SourceHealth::state).isEqualTo(SourceHealth.State.SUSPENDED);
                assertThat(check(checker, "192.0.2.78").errors()).extracting(SourceError::kind)
                        .containsExactly(SourceResult.Failure.SUSPENDED);
            }
        }

        @Test
        void aZoneThatNeverAnswersTimesOutInBoundedTime() {
            DnsblSource timeout = zone("slow", "timeout.test").healthCheck(false).timeout(Duration.ofMillis(300)).build();
            try (Checker checker = checker(timeout)) {
                long started = System.nanoTime();
                Verdict v = check(checker, "192.0.2.66");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(v.errors()).extracting(SourceError::kind).containsExactly(SourceResult.Failure.TIMEOUT);
                assertThat(millis).as("one 300ms timeout, not more").isBetween(250L, 3000L);
                Verdict budgeted = checker.check(IpAddress.parse("192.0.2.67"), Duration.ofMillis(50));
                assertThat(budgeted.complete()).isFalse();
            }
        }

        @Test
        void refusedAndServfailAreErrors() {
            try (Checker checker = checker(zone("refused", "refused.test").healthCheck(false).build(),
                    zone("servfail", "servfail.test").healthCheck(false).build())) {
                Verdict v = check(checker, "192.0.2.66");
                assertThat(v.listed()).isFalse();
                assertThat(v.errors()).extracting(SourceError::error)
                        .containsExactly("zone refused.test answered REFUSED", "zone servfail.test answered SERVFAIL");
            }
        }

        @Test
        void aFailingHealthCheckOnRefusedZoneSuspendsIt() {
            DnsblSource refused = zone("refused", "refused.test").build();
            try (Checker checker = checker(refused)) {
                assertThat(refused.health().state()).isEqualTo(SourceHealth.State.SUSPENDED);
                assertThat(refused.health().reason()).contains("REFUSED");
            }
        }

        @Test
        void aDeadFirstServerFallsBackToTheSecond() throws Exception {
            try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                InetSocketAddress dead = new InetSocketAddress(InetAddress.getLoopbackAddress(), blackHole.getLocalPort());
                DnsblSource bl = DnsblSource.builder("bl").zone("bl.test").timeout(Duration.ofMillis(200))
                        .servers(List.of(dead, dns.address())).build();
                try (Checker checker = checker(bl)) {
                    assertThat(bl.health().isUp()).isTrue();
                    Verdict v = check(checker, "192.0.2.66");
                    assertThat(v.shouldNotify()).isTrue();
                    assertThat(v.errors()).isEmpty();
                }
            }
        }

        @Test
        void aClosedDnsPortIsAnErrorNamingTheServer() throws Exception {
            int closedPort;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                closedPort = probe.getLocalPort(); // free again once closed: nothing listens there
            }
            InetSocketAddress closed = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort);
            DnsblSource bl = DnsblSource.builder("bl").zone("bl.test").timeout(Duration.ofSeconds(2))
                    .healthCheck(false).servers(List.of(closed)).build();
            try (Checker checker = checker(bl)) {
                Verdict v = check(checker, "192.0.2.66");
                assertThat(v.errors()).extracting(SourceError::error)
                        .as("the ICMP port unreachable, in an operator's words, with the server")
                        .containsExactly("zone bl.test: connection refused by 127.0.0.1:" + closedPort);
            }
        }

        @Test
        void aSuspendedZoneComesBackWhenItsTestPointsPassAgain() {
            try (Rbldnsd own = Rbldnsd.builder().withoutTestPoint("heal.test").ip4set("heal.test", "192.0.2.66 :127.0.0.4:x").start()) {
                DnsblSource heal = DnsblSource.builder("heal").zone("heal.test").servers(List.of(own.address()))
                        .timeout(Duration.ofMillis(500)).healthInterval(Duration.ofMillis(100)).build();
                try (Checker checker = checker(heal)) {
                    assertThat(heal.health().state()).isEqualTo(SourceHealth.State.SUSPENDED);
                    own.replace("heal.test-ip4set", "127.0.0.2 :127.0.0.2:test\n192.0.2.66 :127.0.0.4:x",
                            "2.0.0.127.heal.test", Rcode.NOERROR);
                    Poll.until("the repaired zone to pass its health check", Duration.ofSeconds(10), () -> heal.health().isUp());
                    assertThat(check(checker, "192.0.2.66").shouldNotify()).isTrue();
                }
            }
        }
    }

    @Test
    void twoHundredConcurrentChecksOfANewAddressSendOneQueryPerSource() throws Exception {
        AtomicInteger queries = new AtomicInteger();
        DnsblSource real = zone("bl", "bl.test").build();
        Source counting = new Source() {
            @Override
            public String name() {
                return "bl";
            }

            @Override
            public CompletionStage<SourceResult> query(IpAddress ip) {
                queries.incrementAndGet();
                return real.query(ip);
            }

            @Override
            public CompletionStage<?> start(SourceContext context) {
                return real.start(context);
            }

            @Override
            public void close() {
                real.close();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try (Checker checker = checker(counting)) {
            CountDownLatch go = new CountDownLatch(1);
            List<java.util.concurrent.Future<Verdict>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return checker.check(IpAddress.parse("192.0.2.66")).get(10, TimeUnit.SECONDS);
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<Verdict> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS).shouldNotify()).isTrue();
            }
            assertThat(queries).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void configuredFromFlatKeys() {
        java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("tocsin.sources.bl.type", "dnsbl");
        keys.put("tocsin.sources.bl.preset", "spamhaus-zen");
        keys.put("tocsin.sources.bl.zone", "bl.test");
        keys.put("tocsin.sources.bl.servers", dns.servers());
        keys.put("tocsin.sources.bl.txt", "true");
        io.tocsin.core.config.Settings settings = io.tocsin.core.config.Settings.of(keys);
        try (Checker checker = io.tocsin.core.config.CheckerSettings.builder(settings).build()) {
            settings.rejectUnknown();
            checker.ready().orTimeout(10, TimeUnit.SECONDS).join();
            Verdict v = check(checker, "192.0.2.66");
            assertThat(v.listings()).containsExactly(new Listing("bl", Category.INFECTED, List.of("127.0.0.4"), "infected: sober"));
            assertThat(check(checker, "198.51.100.9").categories()).containsExactly(Category.POLICY);
        }
    }

    @Test
    void sourceNeverThrowsOnQueryBeforeStart() {
        DnsblSource fresh = zone("fresh", "bl.test").build();
        CompletableFuture<SourceResult> r = fresh.query(IpAddress.parse("192.0.2.66")).toCompletableFuture();
        assertThat(r.join()).isInstanceOf(SourceResult.Failed.class);
        assertThat(((SourceResult.Failed) r.join()).kind()).isEqualTo(SourceResult.Failure.SUSPENDED);
    }
}
