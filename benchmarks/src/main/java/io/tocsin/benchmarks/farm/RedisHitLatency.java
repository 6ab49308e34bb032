package io.tocsin.benchmarks.farm;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency a Redis hit adds over a local hit: node A looks up a batch of addresses (they are then
 * in Redis); node B checks them once each (a local miss answered from Redis: one round trip, the
 * JSON decoded, the verdict cached), then again (a local hit). Redis on loopback; rounds alternate
 * the two measurements on fresh addresses, and the per-round medians are summarised.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.farm.RedisHitLatency [rounds] [addresses]}
 */
public final class RedisHitLatency {

    private RedisHitLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int addresses = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        System.out.println("# Latency of a Redis hit over a local hit: " + Machine.describe());
        String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.farm.RedisHitLatency " + rounds + " " + addresses;
        System.out.println(command);
        try (RedisServer redis = RedisServer.start()) {
            Map<String, String> settings = Map.of("tocsin.sources.bl.type", "list", "tocsin.sources.bl.entries", "10.0.0.0/24",
                    "tocsin.redis.url", redis.url());
            try (Checker a = CheckerSettings.builder(Settings.of(settings)).build();
                    Checker b = CheckerSettings.builder(Settings.of(settings)).build()) {
                List<Double> redisMedians = new ArrayList<>();
                List<Double> redisP99 = new ArrayList<>();
                List<Double> localMedians = new ArrayList<>();
                List<Double> localP99 = new ArrayList<>();
                int next = 0;
                for (int round = -1; round < rounds; round++) { // round -1 warms up, discarded
                    IpAddress[] ips = new IpAddress[addresses];
                    for (int i = 0; i < addresses; i++, next++) {
                        ips[i] = IpAddress.parse("10." + (1 + next / 65536 % 250) + "." + (next / 256 % 256) + "." + (next % 256));
                        a.check(ips[i]).join();
                    }
                    awaitShared(b, redis, ips[addresses - 1]);
                    long[] viaRedis = new long[addresses];
                    long[] local = new long[addresses];
                    for (int i = 0; i < addresses; i++) {
                        long t = System.nanoTime();
                        b.check(ips[i], Duration.ofMillis(50));
                        viaRedis[i] = System.nanoTime() - t;
                    }
                    for (int i = 0; i < addresses; i++) {
                        long t = System.nanoTime();
                        b.check(ips[i], Duration.ofMillis(50));
                        local[i] = System.nanoTime() - t;
                    }
                    if (round >= 0) {
                        redisMedians.add(percentile(viaRedis, 0.5) / 1000.0);
                        redisP99.add(percentile(viaRedis, 0.99) / 1000.0);
                        localMedians.add(percentile(local, 0.5) / 1000.0);
                        localP99.add(percentile(local, 0.99) / 1000.0);
                        System.out.printf(Locale.ROOT, "round %d: redis hit median %.1f µs p99 %.1f µs; local hit median %.3f µs p99 %.3f µs%n",
                                round + 1, redisMedians.get(round), redisP99.get(round), localMedians.get(round), localP99.get(round));
                    }
                }
                System.out.println();
                System.out.println("| hit | median µs, median of rounds (min–max) | p99 µs (min–max) |");
                System.out.println("|---|---|---|");
                System.out.printf(Locale.ROOT, "| local (Caffeine) | %s | %s |%n", Stats.of(localMedians).format("%.3f"), Stats.of(localP99).format("%.3f"));
                System.out.printf(Locale.ROOT, "| Redis (local miss) | %s | %s |%n", Stats.of(redisMedians).format("%.1f"), Stats.of(redisP99).format("%.1f"));
            }
        }
    }

    /** Waits until node A's last verdict is in Redis (shared without waiting). */
    private static void awaitShared(Checker b, RedisServer redis, IpAddress last) throws InterruptedException {
        for (int i = 0; i < 500 && !redis.command("EXISTS", "tocsin:v:{" + last + "}").equals("1"); i++) {
            Thread.sleep(2);
        }
    }

    private static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
