package io.tocsin.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.SourceLimits;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared verdicts, buckets and store on a Redis Cluster of three masters. */
class RedisClusterTest {

    private static List<RedisServer> cluster = List.of();

    @BeforeAll
    static void startCluster() {
        cluster = RedisServer.cluster(3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.forEach(RedisServer::close);
    }

    private static RedisOptions options(String prefix) {
        return new RedisOptions(RedisURI.create(cluster.get(0).url()), true, prefix, Duration.ofMillis(200), Duration.ofSeconds(1), 100);
    }

    @Test
    void nodesShareVerdictsAndLeasesAcrossTheCluster() {
        CountingSource a = new CountingSource("bl", Duration.ofMillis(50));
        CountingSource b = new CountingSource("bl", Duration.ofMillis(50));
        List<Checker> nodes = new ArrayList<>();
        try {
            for (CountingSource source : List.of(a, b)) {
                RedisLink link = RedisLink.open(options("c1:"));
                nodes.add(Checker.builder().source(source, new SourceLimits(0, 5, Duration.ofSeconds(30)))
                        .sharedVerdicts(new RedisSharedVerdicts(link)).sharedRateLimits(new RedisRateLimits(link.retain())).build());
            }
            for (Checker node : nodes) { // each node connects to each master on its first command there
                for (int i = 0; i < 20; i++) {
                    node.check(IpAddress.parse("192.0.2." + i)).join();
                }
            }
            a.queries.set(0);
            b.queries.set(0);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                IpAddress ip = IpAddress.parse("198.51.100." + i);
                all.add(nodes.get(0).check(ip));
                all.add(nodes.get(1).check(ip));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            assertThat(a.queries.get() + b.queries.get()).as("one query per address, keys spread over three masters").isEqualTo(60);
            long spread = cluster.stream().filter(node -> Long.parseLong(node.command("DBSIZE")) > 0).count();
            assertThat(spread).as("masters holding verdicts").isEqualTo(3);
        } finally {
            nodes.forEach(Checker::close);
        }
    }

    @Test
    void theEvidenceStoreWorksOnACluster() {
        try (EvidenceStore store = new RedisEvidenceStore(RedisLink.open(options("c2:")), Retention.DEFAULT)) {
            IpAddress ip = IpAddress.parse("192.0.2.66");
            store.record(new Report(ip, Category.INFECTED, "W", EvidenceKind.MANUAL, Instant.now(), "ref:1"));
            store.record(new Report(ip, Category.INFECTED, "", EvidenceKind.MANUAL, Instant.now(), "ref:2"));
            assertThat(store.get(ip).orElseThrow().reports()).isEqualTo(2);
            List<IpAddress> listed = new ArrayList<>();
            store.forEachListed(Instant.now(), e -> listed.add(e.ip()));
            assertThat(listed).containsExactly(ip);
        }
    }
}
