package io.tocsin.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.Listener;
import io.tocsin.core.Listing;
import io.tocsin.core.Verdict;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Rbldnsd;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A meta-list from flat keys: three real rbldnsd zones of different weights, a zone with weighted
 * codes, a zone that never answers, and an inline allowlist.
 */
class WeightedZonesIT {

    private static Rbldnsd dns;

    @BeforeAll
    static void startDns() {
        dns = Rbldnsd.builder()
                // strong: one listing is enough
                .ip4set("strong.test", "192.0.2.10 :127.0.0.2:strong lists it\n10.1.2.3 :127.0.0.2:strong lists the campus")
                // two weak lists that must agree
                .ip4set("weak-a.test", "192.0.2.20 :127.0.0.2:weak a\n192.0.2.21 :127.0.0.2:weak a")
                .ip4set("weak-b.test", "192.0.2.20 :127.0.0.2:weak b")
                // one zone mixing an exploited-host code with a policy code, as Spamhaus ZEN does
                .ip4set("mixed.test", "192.0.2.30 :127.0.0.4:xbl\n192.0.2.31 :127.0.0.10:pbl\n"
                        + "192.0.2.32 :127.0.0.4:xbl\n192.0.2.32 :127.0.0.10:pbl")
                // a list that never answers: it can only ever time out
                .ip4set("silent.test", "")
                .acl("silent.test", "0.0.0.0/0 :ignore\n::/0 :ignore")
                .start();
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    private static Map<String, String> zone(Map<String, String> keys, String name, String zone, String weight) {
        String p = "tocsin.sources." + name + ".";
        keys.put(p + "type", "dnsbl");
        keys.put(p + "zone", zone);
        keys.put(p + "servers", dns.servers());
        keys.put(p + "category", "infected");
        keys.put(p + "timeout", "1s");
        if (weight != null) {
            keys.put(p + "weight", weight);
        }
        return keys;
    }

    private static Map<String, String> metaList() {
        Map<String, String> keys = new LinkedHashMap<>();
        zone(keys, "strong", "strong.test", "2");
        zone(keys, "weak-a", "weak-a.test", "0.5");
        zone(keys, "weak-b", "weak-b.test", "0.5");
        zone(keys, "mixed", "mixed.test", null);
        keys.put("tocsin.sources.mixed.codes", "127.0.0.4-127.0.0.7=infected:1.5,127.0.0.10-127.0.0.11=policy:0");
        keys.put("tocsin.sources.campus.type", "list");
        keys.put("tocsin.sources.campus.entries", "10.0.0.0/8");
        keys.put("tocsin.sources.campus.category", "other");
        keys.put("tocsin.sources.campus.weight", "-100");
        keys.put("tocsin.notify-threshold", "1");
        return keys;
    }

    private static Checker checker(Map<String, String> keys, Listener listener) {
        Checker.Builder builder = CheckerSettings.builder(Settings.of(keys));
        if (listener != null) {
            builder.listener(listener);
        }
        Checker checker = builder.build();
        checker.ready().orTimeout(10, TimeUnit.SECONDS).join();
        return checker;
    }

    private static Verdict check(Checker checker, String ip) {
        return checker.check(IpAddress.parse(ip)).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void scoresFollowTheWeights() {
        try (Checker checker = checker(metaList(), null)) {
            Verdict strong = check(checker, "192.0.2.10");
            assertThat(strong.score()).as("strong alone").isEqualTo(2.0);
            assertThat(strong.shouldNotify()).isTrue();

            Verdict agreeing = check(checker, "192.0.2.20");
            assertThat(agreeing.listings()).extracting(Listing::source).containsExactly("weak-a", "weak-b");
            assertThat(agreeing.score()).as("two weak lists agree").isEqualTo(1.0);
            assertThat(agreeing.shouldNotify()).isTrue();

            Verdict alone = check(checker, "192.0.2.21");
            assertThat(alone.score()).as("one weak list").isEqualTo(0.5);
            assertThat(alone.shouldNotify()).isFalse();
            assertThat(alone.decision()).isEqualTo(Verdict.Decision.BELOW_THRESHOLD);

            Verdict clean = check(checker, "192.0.2.99");
            assertThat(clean.listed()).isFalse();
            assertThat(clean.decision()).isEqualTo(Verdict.Decision.CLEAN);
        }
    }

    @Test
    void codeWeightsTellExploitedHostsFromPolicy() {
        try (Checker checker = checker(metaList(), null)) {
            Verdict xbl = check(checker, "192.0.2.30");
            assertThat(xbl.listings().get(0).weight()).isEqualTo(1.5);
            assertThat(xbl.shouldNotify()).isTrue();

            Verdict pbl = check(checker, "192.0.2.31");
            assertThat(pbl.listings().get(0).weight()).isZero();
            assertThat(pbl.counted(0)).isFalse();
            assertThat(pbl.shouldNotify()).isFalse();

            Verdict both = check(checker, "192.0.2.32");
            assertThat(both.listings().get(0).codes()).containsExactlyInAnyOrder("127.0.0.4", "127.0.0.10");
            assertThat(both.listings().get(0).weight()).as("the exploited-host code counts").isEqualTo(1.5);
            assertThat(both.score()).isEqualTo(1.5);
        }
    }

    @Test
    void theAllowlistVetoesAndTheListenerSeesIt() {
        List<Verdict> decided = new CopyOnWriteArrayList<>();
        Listener listener = new Listener() {
            @Override
            public void verdictComputed(Verdict verdict, long nanos) {
                decided.add(verdict);
            }
        };
        try (Checker checker = checker(metaList(), listener)) {
            Verdict campus = check(checker, "10.1.2.3");
            assertThat(campus.listings()).extracting(Listing::source).containsExactly("campus", "strong");
            assertThat(campus.score()).isEqualTo(-98.0);
            assertThat(campus.shouldNotify()).isFalse();
            assertThat(campus.decision()).isEqualTo(Verdict.Decision.VETOED);
            assertThat(decided).extracting(Verdict::decision).containsExactly(Verdict.Decision.VETOED);
        }
    }

    @Test
    void aBudgetedCheckDoesNotWaitForASilentZoneThatCannotChangeTheOutcome() {
        Map<String, String> keys = metaList();
        zone(keys, "silent", "silent.test", "0.5");
        keys.put("tocsin.sources.silent.timeout", "20s");
        keys.put("tocsin.sources.silent.health-check", "false");
        try (Checker checker = checker(keys, null)) {
            long started = System.nanoTime();
            Verdict v = checker.check(IpAddress.parse("192.0.2.10"), Duration.ofSeconds(15));
            long took = System.nanoTime() - started;
            assertThat(v.shouldNotify()).as("strong's 2 reaches 1, and nothing pending can pull it down").isTrue();
            assertThat(v.pending()).as("the silent zone had not answered").contains("silent");
            assertThat(took).as("answered long before the silent zone's 20s timeout").isLessThan(Duration.ofSeconds(15).toNanos());
            assertThat(checker.cached(IpAddress.parse("192.0.2.10"))).as("nothing cached while silent is pending").isNull();

            Verdict undecided = checker.check(IpAddress.parse("192.0.2.21"), Duration.ofMillis(1500));
            assertThat(undecided.decided()).as("0.5 listed and silent's 0.5 pending could still reach 1").isFalse();
        }
    }
}
