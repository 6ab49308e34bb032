package io.tocsin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.tocsin.collector.evidence.Evidence;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.EvidenceStores;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.evidence.StoreException;
import io.tocsin.core.Category;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Poll;
import io.tocsin.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisEvidenceStoreTest {

    private static final IpAddress PC = IpAddress.parse("192.0.2.66");
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);

    private RedisServer redis;
    private String prefix;

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private RedisEvidenceStore open(Retention retention, int replayBuffer) {
        RedisOptions options = new RedisOptions(RedisURI.create(redis.url()), false, prefix, Duration.ofMillis(200),
                RedisOptions.DEFAULT_LEASE, replayBuffer);
        return new RedisEvidenceStore(RedisLink.open(options), retention);
    }

    private static Report report(IpAddress ip, Category category, String threat, Instant seen, String reference) {
        return new Report(ip, category, threat, EvidenceKind.MAIL, seen, reference);
    }

    @Test
    void mergesAsTheEmbeddedStoreDoes() {
        try (EvidenceStore store = open(Retention.DEFAULT, 100)) {
            store.record(report(PC, Category.INFECTED, "Win.Worm.Sober-2", T0, "sha256:a"));
            Evidence merged = store.record(report(PC, Category.SPAM, "", T0.plusSeconds(60), "sha256:b"));
            assertThat(merged).as("infected stays infected; an empty threat keeps the known one")
                    .isEqualTo(new Evidence(PC, Category.INFECTED, "Win.Worm.Sober-2", EvidenceKind.MAIL, T0, T0.plusSeconds(60), 2));
            Evidence again = store.record(report(PC, Category.INFECTED, "X", T0.plusSeconds(90), "sha256:a"));
            assertThat(again.reports()).as("the same message counts once").isEqualTo(2);
            Evidence earlier = store.record(report(PC, Category.INFECTED, "", T0.minusSeconds(30), null));
            assertThat(earlier.firstSeen()).as("times widen").isEqualTo(T0.minusSeconds(30));
            assertThat(earlier.lastSeen()).isEqualTo(T0.plusSeconds(60));
            assertThat(store.get(PC)).contains(earlier);
            assertThat(store.get(IpAddress.parse("2001:db8::1"))).isEmpty();
        }
    }

    @Test
    void evidenceExpiresInRedisWithTheTtlAndIsListedUntilThen() {
        IpAddress v6 = IpAddress.parse("2001:db8::66");
        IpAddress once = IpAddress.parse("198.51.100.1");
        Instant now = Instant.now();
        try (EvidenceStore store = open(new Retention(2, Duration.ofDays(3)), 100)) {
            store.record(report(v6, Category.INFECTED, "A", now.minusSeconds(10), null));
            store.record(report(v6, Category.INFECTED, "A", now.minusSeconds(5), null));
            store.record(report(once, Category.INFECTED, "B", now, null));
            assertThat(listed(store, now)).as("min-reports 2").containsExactly(v6);
            long pttl = Long.parseLong(redis.command("PTTL", prefix + "{ev}:a:" + v6));
            assertThat(pttl).as("the hash expires 3 days after its last report, in Redis")
                    .isBetween(Duration.ofDays(3).minusSeconds(60).toMillis(), Duration.ofDays(3).toMillis());
            assertThat(listed(store, now.plus(Duration.ofDays(3)))).isEmpty();
            assertThat(store.purge(now.plus(Duration.ofDays(3)).plusSeconds(1))).isEqualTo(2);
            // an old report expires at once
            store.record(report(IpAddress.parse("198.51.100.9"), Category.INFECTED, "", now.minus(Duration.ofDays(4)), null));
            assertThat(redis.command("EXISTS", prefix + "{ev}:a:198.51.100.9")).isEqualTo("0");
        }
    }

    @Test
    void removeAndVersionAreSeenThroughOtherHandles() {
        try (EvidenceStore writer = open(Retention.DEFAULT, 100); EvidenceStore reader = open(Retention.DEFAULT, 100)) {
            long before = reader.version();
            writer.record(report(PC, Category.INFECTED, "X", T0, null));
            long after = reader.version();
            assertThat(after).isNotEqualTo(before);
            assertThat(reader.get(PC)).isPresent();
            assertThat(writer.remove(PC)).isTrue();
            assertThat(reader.version()).isNotEqualTo(after);
            assertThat(reader.get(PC)).isEmpty();
            assertThat(writer.remove(PC)).isFalse();
        }
    }

    @Test
    void listsManyAddressesPageByPage() {
        try (EvidenceStore store = open(Retention.DEFAULT, 100)) {
            for (int i = 0; i < 1234; i++) {
                store.record(report(IpAddress.parse("10.0." + (i / 256) + "." + (i % 256)), Category.INFECTED, "", T0, null));
            }
            assertThat(listed(store, Instant.now())).hasSize(1234).doesNotHaveDuplicates();
        }
    }

    @Test
    void reportsRecordedWhileRedisIsAwayAreReplayedWhenItIsBack() {
        RedisEvidenceStore store = open(Retention.DEFAULT, 3);
        try {
            redis.kill();
            store.record(report(PC, Category.INFECTED, "A", T0, null));
            for (int i = 1; i <= 3; i++) {
                store.record(report(IpAddress.parse("192.0.2." + i), Category.INFECTED, "", T0, null));
            }
            assertThat(store.get(IpAddress.parse("192.0.2.3"))).as("while away: what this node recorded meanwhile").isPresent();
            long t = System.nanoTime();
            store.get(IpAddress.parse("192.0.2.2"));
            assertThat(Duration.ofNanos(System.nanoTime() - t)).as("no waiting while away").isLessThan(Duration.ofMillis(100));
            assertThat(store.get(PC)).as("dropped: the buffer holds 3").isEmpty();
            assertThat(store.metrics().dropped()).isEqualTo(1);
            assertThat(store.metrics().replayBacklog()).isEqualTo(3);
            assertThatThrownBy(() -> store.forEachListed(Instant.now(), e -> { }))
                    .isInstanceOf(StoreException.class).hasMessageContaining("cannot be read");
            redis.restart();
            Poll.until("the backlog replayed", Duration.ofSeconds(10), () -> store.metrics().replayBacklog() == 0);
            assertThat(store.metrics().replayed()).isEqualTo(3);
            assertThat(listed(store, Instant.now())).as("the oldest report was dropped: the buffer holds 3").containsExactlyInAnyOrder(
                    IpAddress.parse("192.0.2.1"), IpAddress.parse("192.0.2.2"), IpAddress.parse("192.0.2.3"));
        } finally {
            if (redis.isAlive()) {
                store.close();
            }
        }
    }

    @Test
    void aSlowRedisDoesNotHoldAReaderBeyondTheTimeout() throws Exception {
        try (EvidenceStore store = open(Retention.DEFAULT, 100)) {
            store.record(report(PC, Category.INFECTED, "A", T0, null));
            Thread sleeper = new Thread(() -> redis.command("DEBUG", "SLEEP", "1"));
            sleeper.start();
            Poll.until("redis is asleep", Duration.ofSeconds(5), () -> !redis.responds(Duration.ofMillis(100)));
            long started = System.nanoTime();
            assertThat(store.get(PC)).as("nothing recorded meanwhile on this node").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the 200 ms timeout, not the 1 s sleep").isLessThan(Duration.ofMillis(400));
            sleeper.join();
        }
    }

    @Test
    void tocsinStoreRedisOpensTheStoreOfTheRedisUrl() {
        Settings settings = Settings.of(Map.of("tocsin.redis.url", redis.url(), "tocsin.redis.key-prefix", prefix));
        assertThat(EvidenceStores.location(settings)).isEqualTo("redis");
        try (EvidenceStore store = EvidenceStores.open(settings)) {
            store.record(report(PC, Category.INFECTED, "A", T0, null));
        }
        assertThat(redis.command("HGET", prefix + "{ev}:a:" + PC, "t")).isEqualTo("A");
        assertThatThrownBy(() -> EvidenceStores.open(Settings.of(Map.of("tocsin.store", "redis://:secret@127.0.0.1:99999"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.store").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> EvidenceStores.open(Settings.of(Map.of("tocsin.store", "redis"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.redis.url");
    }

    private static List<IpAddress> listed(EvidenceStore store, Instant now) {
        List<IpAddress> ips = new ArrayList<>();
        store.forEachListed(now, e -> ips.add(e.ip()));
        return ips;
    }
}
