package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.testing.Rbldnsd;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNSBL faults as a visitor meets them: an embedded Jetty with the filter, configured from flat keys,
 * in front of a real rbldnsd serving broken zones. Every page comes back 200 and untouched (fail open),
 * and no request waits much longer than {@code tocsin.lookup-budget}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterFaultIT {

    private static final String LISTED = "192.0.2.66";
    private static final Duration BUDGET = Duration.ofMillis(100);
    /** Beyond the budget, for the request itself on a busy shared machine; far below the 2s DNS timeout. */
    private static final Duration SLACK = Duration.ofMillis(900);

    private Rbldnsd dns;

    @BeforeAll
    void startDns() {
        dns = Rbldnsd.builder()
                .ip4set("good.test", LISTED + " :127.0.0.2:infected")
                .ip4set("errors.test", LISTED + " :127.255.255.254:public resolver")
                .ip4set("hijack.test", LISTED + " :10.0.0.1:hijacked")
                .ip4trie("dead.test", "0.0.0.0/0 :127.0.0.2:everything")
                .ip4set("timeout.test", "")
                .acl("timeout.test", "0.0.0.0/0 :ignore\n::/0 :ignore")
                .ip4set("refused.test", "")
                .acl("refused.test", "0.0.0.0/0 :refuse\n::/0 :refuse")
                .ip4set("servfail.test", "$TIMESTAMP 2020:01:01 +1d\n" + LISTED + " :127.0.0.4:x")
                .start();
    }

    @AfterAll
    void stopDns() {
        dns.close();
    }

    /** A checker and filter from flat keys, as a user configures them; health checks on unless said otherwise. */
    private static Checker checker(String zone, String server, String... extra) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tocsin.sources.bl.type", "dnsbl");
        keys.put("tocsin.sources.bl.zone", zone);
        keys.put("tocsin.sources.bl.servers", server);
        keys.put("tocsin.sources.bl.timeout", "2s");
        for (int i = 0; i < extra.length; i += 2) {
            keys.put(extra[i], extra[i + 1]);
        }
        Checker checker = CheckerSettings.builder(Settings.of(keys)).build();
        checker.ready().join();
        return checker;
    }

    private static Container site(Checker checker) {
        return Container.jetty(new TocsinFilter(checker, FilterOptions.builder()
                .trustedProxies(io.tocsin.core.ip.IpSet.parse("127.0.0.1"))
                .lookupBudget(BUDGET)
                .build()), new TestSite());
    }

    /** Pages for listed and clean visitors: all 200, untouched, and quick. */
    private static void assertFailsOpen(Container site, int requests) throws IOException {
        long worst = 0;
        for (int i = 0; i < requests; i++) {
            String ip = i % 2 == 0 ? LISTED : "192.0.2." + (100 + i);
            long start = System.nanoTime();
            RawHttp.Response r = RawHttp.get("/page").from(ip).send(site.port());
            worst = Math.max(worst, System.nanoTime() - start);
            assertThat(r.status).as("status for %s", ip).isEqualTo(200);
            assertThat(r.header("Tocsin-Notice")).as("notice for %s", ip).isNull();
            assertThat(r.text()).isEqualTo(TestSite.PAGE);
        }
        assertThat(Duration.ofNanos(worst)).as("slowest request, budget %s", BUDGET).isLessThan(BUDGET.plus(SLACK));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"errors.test", "hijack.test", "dead.test", "timeout.test", "refused.test", "servfail.test"})
    void aBrokenListNeverBreaksTheSiteOrAccusesAVisitor(String zone) throws IOException {
        try (Checker checker = checker(zone, dns.servers()); Container site = site(checker)) {
            assertFailsOpen(site, 20);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timeout.test", "refused.test", "servfail.test"})
    void withoutHealthChecksTheBudgetStillBoundsEveryRequest(String zone) throws IOException {
        try (Checker checker = checker(zone, dns.servers(), "tocsin.sources.bl.health-check", "false");
             Container site = site(checker)) {
            assertFailsOpen(site, 20);
        }
    }

    @Test
    void aDeadServerPortFailsOpen() throws IOException {
        try (Checker checker = checker("good.test", "127.0.0.1:9", "tocsin.sources.bl.health-check", "false");
             Container site = site(checker)) {
            assertFailsOpen(site, 20);
        }
    }

    /**
     * HTTP sources failing behind the filter: a CrowdSec API answering 500, garbage or nothing, and a
     * feed URL serving an HTML error page, from the JDK's HTTP server on loopback.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"500", "garbage", "silence", "feed-html"})
    void aBrokenHttpSourceNeverBreaksTheSiteOrAccusesAVisitor(String fault) throws Exception {
        com.sun.net.httpserver.HttpServer api = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 50);
        api.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-api");
            t.setDaemon(true);
            return t;
        }));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        api.createContext("/", exchange -> {
            byte[] body;
            int status;
            switch (fault) {
                case "500" -> {
                    status = 500;
                    body = "{\"message\":\"boom\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                case "silence" -> {
                    try {
                        release.await(); // answer nothing until the test ends
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                    return;
                }
                default -> {
                    status = 200;
                    body = "<html><body><h1>Error</h1><p>192.0.2.66</p></body></html>\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        String[] keys = fault.equals("feed-html")
                ? new String[] {"tocsin.sources.bl.type", "feed", "tocsin.sources.bl.url", url + "/feed.txt"}
                : new String[] {"tocsin.sources.bl.type", "crowdsec", "tocsin.sources.bl.url", url,
                    "tocsin.sources.bl.api-key", "k", "tocsin.sources.bl.timeout", "2s"};
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i += 2) {
            map.put(keys[i], keys[i + 1]);
        }
        try (Checker checker = CheckerSettings.builder(Settings.of(map)).build()) {
            checker.ready().join();
            try (Container site = site(checker)) {
                assertFailsOpen(site, 20);
            }
        } finally {
            release.countDown();
            api.stop(0);
        }
    }

    @Test
    void aHealthyListStillWarnsThroughTheSameSetUp() throws IOException {
        try (Checker checker = checker("good.test", dns.servers()); Container site = site(checker)) {
            RawHttp.Response first = RawHttp.get("/page").from(LISTED).send(site.port());
            assertThat(first.status).isEqualTo(200);
            // the first request may run out of budget; the lookup fills the cache for the next one
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            RawHttp.Response r = first;
            while (r.header("Tocsin-Notice") == null && System.nanoTime() < deadline) {
                r = RawHttp.get("/page").from(LISTED).send(site.port());
            }
            assertThat(r.header("Tocsin-Notice")).isEqualTo("banner");
        }
    }

    @Test
    void thousandsOfDistinctForwardedVisitorsKeepTheCacheBounded() throws IOException {
        try (Checker checker = checker("good.test", dns.servers(), "tocsin.cache.max-size", "500");
             Container site = site(checker)) {
            for (int i = 0; i < 3_000; i++) {
                String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
                RawHttp.Response r = RawHttp.get("/page").from(ip).send(site.port());
                assertThat(r.status).isEqualTo(200);
            }
            // eviction runs on Caffeine's maintenance thread: poll until it has caught up
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (checker.estimatedCacheSize() > 500 && System.nanoTime() < deadline) {
                checker.cached(io.tocsin.core.ip.IpAddress.parse(LISTED)); // reads drive maintenance too
            }
            assertThat(checker.estimatedCacheSize()).isLessThanOrEqualTo(500);
        }
    }
}
