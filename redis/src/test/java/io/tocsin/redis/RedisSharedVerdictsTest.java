package io.tocsin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.tocsin.core.Checker;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceLimits;
import io.tocsin.core.Verdict;
import io.tocsin.core.json.VerdictJson;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Poll;
import io.tocsin.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisSharedVerdictsTest {

    private RedisServer redis;
    private String prefix;
    private final List<Checker> checkers = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    @AfterEach
    void stop() {
        checkers.forEach(Checker::close);
        if (redis != null) {
            redis.close();
        }
    }

    /** A node: a checker with its own cache, sharing verdicts and rates through {@code url}. */
    private Checker node(String url, boolean cluster, CountingSource source, double maxRate) {
        RedisOptions options = new RedisOptions(RedisURI.create(url), cluster, prefix, Duration.ofMillis(100), Duration.ofSeconds(1), 100);
        RedisLink link = RedisLink.open(options);
        Checker checker = Checker.builder()
                .source(source, new SourceLimits(maxRate, 5, Duration.ofSeconds(30)))
                .sharedVerdicts(new RedisSharedVerdicts(link))
                .sharedRateLimits(new RedisRateLimits(link.retain()))
                .build();
        checkers.add(checker);
        return checker;
    }

    @Test
    void nodesAskTheListOnceAboutEachAddress() {
        CountingSource a = new CountingSource("bl", Duration.ZERO);
        CountingSource b = new CountingSource("bl", Duration.ZERO);
        Checker nodeA = node(redis.url(), false, a, 0);
        Checker nodeB = node(redis.url(), false, b, 0);
        for (int i = 0; i < 100; i++) {
            nodeA.check(IpAddress.parse("198.51.100." + i)).join();
        }
        for (int i = 0; i < 100; i++) {
            Verdict v = nodeB.check(IpAddress.parse("198.51.100." + i)).join();
            assertThat(v.listed()).isEqualTo(i == 66);
        }
        assertThat(a.queries.get() + b.queries.get()).as("one query per address for the farm").isEqualTo(100);
        assertThat(b.queries.get()).isZero();
        Verdict listed = nodeB.cached(IpAddress.parse("198.51.100.66"));
        assertThat(listed.shouldNotify()).isTrue();
        assertThat(listed.listings().get(0).reason()).isEqualTo("infected: test");
    }

    @Test
    void whatRedisHoldsIsTheVerdictJsonWithItsTtl() {
        Checker node = node(redis.url(), false, new CountingSource("bl", Duration.ZERO), 0);
        Verdict listed = node.check(IpAddress.parse("192.0.2.66")).join();
        node.check(IpAddress.parse("192.0.2.1")).join();
        Poll.until("both verdicts shared", Duration.ofSeconds(5),
                () -> redis.command("EXISTS", prefix + "v:{192.0.2.66}", prefix + "v:{192.0.2.1}").equals("2"));
        assertThat(redis.command("GET", prefix + "v:{192.0.2.66}")).isEqualTo(VerdictJson.write(listed));
        assertThat(Long.parseLong(redis.command("PTTL", prefix + "v:{192.0.2.66}")))
                .as("the listed ttl").isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
        assertThat(Long.parseLong(redis.command("PTTL", prefix + "v:{192.0.2.1}")))
                .as("the clean ttl").isBetween(Duration.ofMinutes(14).toMillis(), Duration.ofMinutes(15).toMillis());
    }

    @Test
    void twoNodesSeeingTheSameNewVisitorAtOnceSendOneQuery() {
        CountingSource a = new CountingSource("bl", Duration.ofMillis(200));
        CountingSource b = new CountingSource("bl", Duration.ofMillis(200));
        Checker nodeA = node(redis.url(), false, a, 0);
        Checker nodeB = node(redis.url(), false, b, 0);
        for (int i = 0; i < 20; i++) {
            IpAddress ip = IpAddress.parse("203.0.113." + i);
            CompletableFuture<Verdict> fa = nodeA.check(ip);
            CompletableFuture<Verdict> fb = nodeB.check(ip);
            assertThat(fa.join()).isEqualTo(fb.join());
        }
        assertThat(a.queries.get() + b.queries.get()).as("the lease: one lookup per address").isEqualTo(20);
    }

    @Test
    void aLocalHitNeverGoesToRedis() {
        Checker node = node(redis.url(), false, new CountingSource("bl", Duration.ZERO), 0);
        IpAddress ip = IpAddress.parse("192.0.2.1");
        node.check(ip).join();
        Poll.until("the verdict shared", Duration.ofSeconds(5), () -> redis.command("EXISTS", prefix + "v:{192.0.2.1}").equals("1"));
        Poll.until("subscribed to evidence", Duration.ofSeconds(5),
                () -> redis.command("PUBSUB", "NUMSUB", prefix + "evidence").endsWith("\n1"));
        long before = commandsProcessed();
        for (int i = 0; i < 10_000; i++) {
            node.check(ip, Duration.ofMillis(50));
        }
        assertThat(commandsProcessed() - before).as("only the INFO of this test").isEqualTo(1);
    }

    private long commandsProcessed() {
        String info = redis.command("INFO", "stats");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no total_commands_processed in " + info);
    }

    @Test
    void redisDownAtStartSlowOrKilledFailsOpenAndRecovers() throws Exception {
        redis.kill();
        CountingSource source = new CountingSource("bl", Duration.ZERO);
        Checker node = node(redis.url(), false, source, 0);
        assertThat(node.sharedHealth().orElseThrow().state()).isNotEqualTo(SourceHealth.State.UP);
        Verdict alone = node.check(IpAddress.parse("192.0.2.66"), Duration.ofMillis(100));
        assertThat(alone.shouldNotify()).as("looked up alone, without redis").isTrue();

        redis.restart();
        Poll.until("reconnected", Duration.ofSeconds(10), () -> node.sharedHealth().orElseThrow().isUp());
        node.check(IpAddress.parse("192.0.2.7")).join();
        Poll.until("shared again", Duration.ofSeconds(5), () -> redis.command("EXISTS", prefix + "v:{192.0.2.7}").equals("1"));

        Thread sleeper = new Thread(() -> redis.command("DEBUG", "SLEEP", "1"));
        sleeper.start();
        Poll.until("redis asleep", Duration.ofSeconds(5), () -> !redis.responds(Duration.ofMillis(100)));
        long started = System.nanoTime();
        Verdict slow = node.check(IpAddress.parse("192.0.2.8"), Duration.ofMillis(50));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the budget holds with a slow redis").isLessThan(Duration.ofMillis(200));
        assertThat(slow.decision()).isIn(Verdict.Decision.UNKNOWN, Verdict.Decision.CLEAN);
        sleeper.join();

        redis.kill();
        Poll.until("down noticed", Duration.ofSeconds(5), () -> !node.sharedHealth().orElseThrow().isUp());
        for (int i = 0; i < 50; i++) {
            Verdict v = node.check(IpAddress.parse("198.51.100." + i), Duration.ofMillis(50));
            assertThat(v.decision()).isEqualTo(Verdict.Decision.CLEAN);
        }
        redis.restart();
        Poll.until("reconnected after a kill", Duration.ofSeconds(20), () -> node.sharedHealth().orElseThrow().isUp());
    }

    @Test
    void maxRateHoldsForTheFarmAndFallsBackToEachNode() {
        CountingSource a = new CountingSource("bl", Duration.ZERO);
        CountingSource b = new CountingSource("bl", Duration.ZERO);
        Checker nodeA = node(redis.url(), false, a, 5);
        Checker nodeB = node(redis.url(), false, b, 5);
        int over = 0;
        for (int i = 0; i < 20; i++) {
            Checker n = i % 2 == 0 ? nodeA : nodeB;
            Verdict v = n.check(IpAddress.parse("198.51.100." + i)).join();
            if (!v.errors().isEmpty()) {
                over++;
                assertThat(v.errors().get(0).error()).contains("farm is over its rate limit");
            }
        }
        assertThat(a.queries.get() + b.queries.get()).as("a burst of 5 for both nodes, plus what refilled meanwhile").isBetween(5, 7);
        assertThat(over).isEqualTo(20 - a.queries.get() - b.queries.get());
    }

    @Test
    void newEvidenceMakesEveryNodeForgetItsVerdictAtOnce() {
        Checker nodeA = node(redis.url(), false, new CountingSource("bl", Duration.ZERO), 0);
        Checker nodeB = node(redis.url(), false, new CountingSource("bl", Duration.ZERO), 0);
        IpAddress ip = IpAddress.parse("192.0.2.9");
        nodeA.check(ip).join();
        nodeB.check(ip).join();
        Poll.until("the verdict shared", Duration.ofSeconds(5), () -> redis.command("EXISTS", prefix + "v:{192.0.2.9}").equals("1"));
        Poll.until("both subscribed to evidence", Duration.ofSeconds(5),
                () -> redis.command("PUBSUB", "NUMSUB", prefix + "evidence").endsWith("\n2"));
        RedisOptions options = new RedisOptions(RedisURI.create(redis.url()), false, prefix, Duration.ofMillis(100), Duration.ofSeconds(1), 100);
        try (RedisEvidenceStore store = new RedisEvidenceStore(RedisLink.open(options), io.tocsin.collector.evidence.Retention.DEFAULT)) {
            store.record(new io.tocsin.collector.evidence.Report(ip, io.tocsin.core.Category.INFECTED, "W",
                    io.tocsin.collector.evidence.EvidenceKind.MANUAL, java.time.Instant.now(), null));
        }
        Poll.until("both nodes forgot the verdict", Duration.ofSeconds(1), () -> nodeA.cached(ip) == null && nodeB.cached(ip) == null);
        assertThat(redis.command("EXISTS", prefix + "v:{192.0.2.9}")).as("the shared verdict deleted").isEqualTo("0");
    }
}
