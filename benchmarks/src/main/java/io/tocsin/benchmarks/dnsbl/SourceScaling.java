package io.tocsin.benchmarks.dnsbl;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.benchmarks.report.Charts;
import io.tocsin.testing.Rbldnsd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scaling with the number of sources: cold lookups of distinct addresses through the engine with
 * 1, 3 and 6 DNSBL sources (six zones on one local rbldnsd, every address asked of every zone).
 * Rounds alternate the three set-ups; the table gives verdicts per second, DNS queries per second
 * and the verdict latency p50/p99, medians with min–max.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.dnsbl.SourceScaling [queries] [window] [rounds]}
 */
public final class SourceScaling {

    private SourceScaling() {
    }

    public static void main(String[] args) throws Exception {
        int queries = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            data.append("10.0.").append(i >> 8).append('.').append(i & 0xFF).append(" :127.0.0.4:listed\n");
        }
        Rbldnsd.Builder b = Rbldnsd.builder();
        List<String> zones = new ArrayList<>();
        for (int z = 1; z <= 6; z++) {
            zones.add("bl" + z + ".test");
            b.ip4set("bl" + z + ".test", data.toString());
        }
        int[] counts = {1, 3, 6};
        String machine = Machine.describe();
        System.out.println("# Source scaling: " + machine);
        Map<Integer, List<ColdLookups.Result>> results = new LinkedHashMap<>();
        Map<Integer, Long> dropped = new LinkedHashMap<>(); // RcvbufErrors during the rounds of each set-up
        try (Rbldnsd dns = b.start()) {
            ColdLookups.engine(dns, ColdLookups.addresses(99 << 24, 2000), window, zones); // warm-up
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < counts.length; k++) {
                    int n = counts[(k + round) % counts.length];
                    long dropsBefore = Machine.udpRcvbufErrors();
                    ColdLookups.Result r = ColdLookups.engine(dns, ColdLookups.addresses(((round + 1) * 8 + n) << 20, queries), window,
                            zones.subList(0, n));
                    long drops = Machine.udpRcvbufErrors() - dropsBefore;
                    results.computeIfAbsent(n, x -> new ArrayList<>()).add(r);
                    dropped.merge(n, drops, Long::sum);
                    System.out.printf(Locale.ROOT, "round %d, %d sources: %s, RcvbufErrors +%d (load %s)%n", round + 1, n, r, drops,
                            Machine.load());
                }
            }
        }
        String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.dnsbl.SourceScaling " + queries + " " + window + " " + rounds;
        System.out.printf(Locale.ROOT, "%n%s%n%s%n%n", machine, command);
        System.out.println("| sources | verdicts/s | ratio to 1 source (per round) | DNS queries/s | p50 ms | p99 ms | errors | RcvbufErrors |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<Stats> rates = new ArrayList<>();
        List<Stats> p50s = new ArrayList<>();
        List<Stats> p99s = new ArrayList<>();
        for (int n : counts) {
            List<ColdLookups.Result> rs = results.get(n);
            Stats rate = Stats.of(rs.stream().map(ColdLookups.Result::rate).toList());
            Stats qps = Stats.of(rs.stream().map(r -> r.rate() * n).toList());
            Stats p50 = Stats.of(rs.stream().map(ColdLookups.Result::p50).toList());
            Stats p99 = Stats.of(rs.stream().map(ColdLookups.Result::p99).toList());
            rates.add(rate);
            p50s.add(p50);
            p99s.add(p99);
            List<ColdLookups.Result> ones = results.get(1);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < rs.size(); i++) {
                ratios.add(rs.get(i).rate() / ones.get(i).rate());
            }
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %d | %d |%n", n, rate.format("%.0f"),
                    Stats.of(ratios).format("%.2f"), qps.format("%.0f"), p50.format("%.2f"), p99.format("%.2f"),
                    rs.stream().mapToInt(ColdLookups.Result::errors).sum(), dropped.getOrDefault(n, 0L));
        }
        java.nio.file.Path out = java.nio.file.Path.of(System.getProperty("tocsin.bench.out", "docs/images"));
        List<String> groups = List.of("1 source", "3 sources", "6 sources");
        String caption = machine + ". " + command + ". Bars: median of rounds; whiskers: up to the farther of the min and the max of the rounds, on both sides.";
        Charts.bars(out.resolve("scaling-sources-throughput.png"), "Cold verdicts per second by number of DNSBL sources",
                "verdicts per second", groups, List.of(Charts.Series.of("verdicts/s (" + window + " outstanding)", rates)),
                Double.NaN, "", caption);
        Charts.bars(out.resolve("scaling-sources-latency.png"), "Cold verdict latency by number of DNSBL sources",
                "latency, ms", groups, List.of(Charts.Series.of("p50", p50s), Charts.Series.of("p99", p99s)), Double.NaN, "", caption);
    }
}
