package io.tocsin.benchmarks.farm;

import io.lettuce.core.RedisURI;
import io.tocsin.benchmarks.report.Machine;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.redis.RedisEvidenceStore;
import io.tocsin.redis.RedisLink;
import io.tocsin.redis.RedisOptions;
import io.tocsin.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Redis memory per address: {@code used_memory} before and after N addresses of evidence (hash,
 * index entry, reference key) and N shared verdicts, divided by N; and {@code MEMORY USAGE} of one
 * key of each kind.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.farm.RedisMemory [addresses]}
 */
public final class RedisMemory {

    private RedisMemory() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.println("# Redis memory per address: " + Machine.describe());
        System.out.println("java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.farm.RedisMemory " + n);
        try (RedisServer redis = RedisServer.start()) {
            RedisOptions options = new RedisOptions(RedisURI.create(redis.url()), false, "tocsin:", Duration.ofSeconds(1),
                    Duration.ofSeconds(1), 1000);
            long before = used(redis);
            Instant now = Instant.now();
            try (EvidenceStore store = new RedisEvidenceStore(RedisLink.open(options), Retention.DEFAULT)) {
                for (int i = 0; i < n; i++) {
                    IpAddress ip = ip(i);
                    store.record(new Report(ip, Category.INFECTED, "Win.Worm.Sober-2", EvidenceKind.MAIL, now,
                            "sha256:" + String.format("%064x", i)));
                }
            }
            long evidence = used(redis);
            Map<String, String> settings = Map.of("tocsin.sources.bl.type", "list", "tocsin.sources.bl.entries", "10.0.0.0/9",
                    "tocsin.redis.url", redis.url());
            try (Checker checker = CheckerSettings.builder(Settings.of(settings)).build()) {
                for (int i = 0; i < n; i++) {
                    checker.check(ip(i)).join();
                }
                for (int i = 0; i < 500 && !redis.command("EXISTS", "tocsin:v:{" + ip(n - 1) + "}").equals("1"); i++) {
                    Thread.sleep(10);
                }
            }
            long verdicts = used(redis);
            IpAddress sample = ip(n / 2);
            System.out.println();
            System.out.println("| what | bytes per address (used_memory delta ÷ N) | MEMORY USAGE of one key |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| evidence: hash + index entry + reference key | %.0f | hash %s, reference %s |%n",
                    (evidence - before) / (double) n, redis.command("MEMORY", "USAGE", "tocsin:{ev}:a:" + sample),
                    redis.command("MEMORY", "USAGE", "tocsin:{ev}:ref:sha256:" + String.format("%064x", n / 2)));
            System.out.printf(Locale.ROOT, "| shared verdict (listed, with its JSON) | %.0f | %s (%d bytes of JSON) |%n",
                    (verdicts - evidence) / (double) n, redis.command("MEMORY", "USAGE", "tocsin:v:{" + sample + "}"),
                    redis.command("GET", "tocsin:v:{" + sample + "}").length());
            System.out.printf(Locale.ROOT, "| index (sorted set of %d) | | %s |%n", n, redis.command("MEMORY", "USAGE", "tocsin:{ev}:seen"));
        }
    }

    private static IpAddress ip(int i) {
        return IpAddress.parse("10." + (i >> 16 & 0x7f) + "." + (i >> 8 & 0xff) + "." + (i & 0xff));
    }

    private static long used(RedisServer redis) {
        for (String line : redis.command("INFO", "memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("no used_memory");
    }
}
