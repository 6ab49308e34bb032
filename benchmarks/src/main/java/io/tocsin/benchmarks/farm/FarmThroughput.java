package io.tocsin.benchmarks.farm;

import io.tocsin.benchmarks.http.BenchServer;
import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.benchmarks.report.Wrk;
import io.tocsin.testing.RedisServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Filter throughput for a clean cached visitor with the Redis tier on and off (wrk, a 5 KB page): a
 * local hit must never go to Redis, so the two should serve alike (goal: on ÷ off ≥ 0.97). Rounds
 * alternate which server runs first; ratios are taken within a round.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.farm.FarmThroughput [rounds] [seconds] [connections]}
 */
public final class FarmThroughput {

    private static final String CLEAN = "198.51.100.7";

    private FarmThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String machine = Machine.describe();
        String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.farm.FarmThroughput " + rounds + " " + seconds
                + " " + connections + " (wrk -t2 -c" + connections + " -d" + seconds + "s, 5 KB page)";
        System.out.println("# Filter throughput, Redis tier on vs off: " + machine);
        try (RedisServer redis = RedisServer.start()) {
            Map<String, String> off = new LinkedHashMap<>();
            off.put("tocsin.trusted-proxies", "127.0.0.1");
            off.put("tocsin.sources.bl.type", "list");
            off.put("tocsin.sources.bl.entries", "192.0.2.66");
            Map<String, String> on = new LinkedHashMap<>(off);
            on.put("tocsin.redis.url", redis.url());
            try (BenchServer withRedis = BenchServer.start(on); BenchServer without = BenchServer.start(off)) {
                List<String> headers = List.of("-H", "X-Forwarded-For: " + CLEAN);
                String path = "/page/5k";
                for (BenchServer s : List.of(withRedis, without)) {
                    Wrk.run(s.url(path), 2, connections, 3, headers); // warm-up (and the visitor's verdict cached), discarded
                }
                long commandsBefore = commands(redis);
                List<Double> ratios = new ArrayList<>();
                List<Double> rpsOn = new ArrayList<>();
                List<Double> rpsOff = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    Wrk.Result a;
                    Wrk.Result b;
                    if (round % 2 == 0) {
                        a = Wrk.run(withRedis.url(path), 2, connections, seconds, headers);
                        b = Wrk.run(without.url(path), 2, connections, seconds, headers);
                    } else {
                        b = Wrk.run(without.url(path), 2, connections, seconds, headers);
                        a = Wrk.run(withRedis.url(path), 2, connections, seconds, headers);
                    }
                    rpsOn.add(a.rps());
                    rpsOff.add(b.rps());
                    ratios.add(a.rps() / b.rps());
                    System.out.printf(Locale.ROOT, "round %d: on %s | off %s | ratio %.3f%n", round + 1, a, b, a.rps() / b.rps());
                }
                long redisCommands = commands(redis) - commandsBefore - 1;
                Stats ratio = Stats.of(ratios);
                System.out.printf(Locale.ROOT, "%n%s%n%s%n%n", machine, command);
                System.out.println("| Redis tier | req/s median (min–max) | on ÷ off, median (min–max) | Redis commands during the runs | goal |");
                System.out.println("|---|---|---|---|---|");
                System.out.printf(Locale.ROOT, "| off | %s | | | |%n", Stats.of(rpsOff).format("%.0f"));
                System.out.printf(Locale.ROOT, "| on | %s | %s | %d | %s |%n", Stats.of(rpsOn).format("%.0f"), ratio.format("%.3f"),
                        redisCommands, ratio.median() >= 0.97 ? "met (≥ 0.97)" : "missed (≥ 0.97)");
            }
        }
    }

    private static long commands(RedisServer redis) {
        for (String line : redis.command("INFO", "stats").split("\r?\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return -1;
    }
}
