package io.tocsin.benchmarks.dnsbl;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.benchmarks.report.Charts;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Rbldnsd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scaling with the number of sources: cold lookups of distinct addresses through the engine with
 * 1, 3 and 6 DNSBL sources, every address asked of every zone: the zones on one local rbldnsd (the
 * worst case: one server's receive buffer and the transport's per-server pacing shared by all), and
 * each zone on an rbldnsd of its own (as lists of different operators are). Prints the kernel's
 * {@code RcvbufErrors} (UDP datagrams dropped for a full receive buffer) per round and set-up.
 * Rounds alternate the three set-ups; the table gives verdicts per second, DNS queries per second
 * and the verdict latency p50/p99, medians with min–max.
 *
 * <p>Then the same comparison for the cheapest client there is, as a ceiling: {@code dnsperf} (C,
 * no verdicts, no bookkeeping) for 5 s against one server, and six {@code dnsperf} at once, each
 * against a server of its own, each with the same queries outstanding; a verdict of six sources
 * costs six queries, so (six servers' queries/s ÷ 6) ÷ one server's is the best ratio any client can
 * reach here when the list servers share the client's cores. Rounds alternate the two.
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
        // set-ups: a name, how many sources, and whether each source has a server of its own
        record Setup(String name, int sources, boolean ownServers) {
        }
        List<Setup> setups = List.of(new Setup("1 source", 1, false), new Setup("3 sources, one server", 3, false),
                new Setup("6 sources, one server", 6, false), new Setup("3 sources, 3 servers", 3, true),
                new Setup("6 sources, 6 servers", 6, true));
        String machine = Machine.describe();
        System.out.println("# Source scaling: " + machine);
        Map<String, List<ColdLookups.Result>> results = new LinkedHashMap<>();
        Map<String, Long> dropped = new LinkedHashMap<>(); // RcvbufErrors during the rounds of each set-up
        List<Double> loads = new ArrayList<>();
        long dropsAtStart = Machine.udpRcvbufErrors();
        List<Rbldnsd> own = new ArrayList<>();
        List<Double> ceilingOne = new ArrayList<>();
        List<Double> ceilingSix = new ArrayList<>();
        List<Double> ceilingRatio = new ArrayList<>();
        try (Rbldnsd dns = b.start()) {
            for (int z = 0; z < 6; z++) {
                own.add(Rbldnsd.builder().ip4set(zones.get(z), data.toString()).start());
            }
            ColdLookups.engine(dns, ColdLookups.addresses(99 << 24, 2000), window, zones); // warm-up
            ColdLookups.engine(own, ColdLookups.addresses(98 << 24, 2000), window, zones);
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < setups.size(); k++) {
                    Setup setup = setups.get((k + round) % setups.size());
                    int n = setup.sources();
                    long dropsBefore = Machine.udpRcvbufErrors();
                    IpAddress[] ips = ColdLookups.addresses(((round + 1) * 16 + k) << 20, queries);
                    ColdLookups.Result r = setup.ownServers()
                            ? ColdLookups.engine(own.subList(0, n), ips, window, zones.subList(0, n))
                            : ColdLookups.engine(dns, ips, window, zones.subList(0, n));
                    long drops = Machine.udpRcvbufErrors() - dropsBefore;
                    results.computeIfAbsent(setup.name(), x -> new ArrayList<>()).add(r);
                    dropped.merge(setup.name(), drops, Long::sum);
                    String load = Machine.load();
                    loads.add(Double.parseDouble(load.equals("?") ? "NaN" : load));
                    System.out.printf(Locale.ROOT, "round %d, %s: %s, RcvbufErrors +%d (load %s)%n", round + 1, setup.name(), r, drops, load);
                }
            }
            // the ceiling: dnsperf alone, one server against six, alternating
            for (int round = 0; round < rounds; round++) {
                double one = ColdLookups.dnsperfFor(List.of(dns), List.of(zones.get(0)), window, 5).get(0);
                List<Double> six = ColdLookups.dnsperfFor(own, zones, window, 5);
                double sum = six.stream().mapToDouble(Double::doubleValue).sum();
                ceilingOne.add(one);
                ceilingSix.add(sum);
                ceilingRatio.add(sum / 6 / one);
                System.out.printf(Locale.ROOT, "ceiling round %d: dnsperf, 1 server %.0f queries/s; 6 servers at once %.0f queries/s "
                        + "(%s); a six-source verdict ÷ a one-source verdict %.2f (load %s)%n", round + 1, one, sum,
                        six.stream().map(q -> String.format(Locale.ROOT, "%.0f", q)).toList(), sum / 6 / one, Machine.load());
            }
        } finally {
            own.forEach(Rbldnsd::close);
        }
        String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.dnsbl.SourceScaling " + queries + " " + window + " " + rounds;
        machine = machine + "; 1-minute load average during the rounds " + Stats.of(loads).format("%.2f")
                + "; RcvbufErrors over the whole run (warm-up included) " + (Machine.udpRcvbufErrors() - dropsAtStart);
        System.out.printf(Locale.ROOT, "%n%s%n%s%n%n", machine, command);
        System.out.println("| set-up | verdicts/s | ratio to 1 source (per round) | DNS queries/s | p50 ms | p99 ms | errors | RcvbufErrors | goal |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        List<Stats> rates = new ArrayList<>();
        List<Stats> p50s = new ArrayList<>();
        List<Stats> p99s = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (Setup setup : setups) {
            int n = setup.sources();
            List<ColdLookups.Result> rs = results.get(setup.name());
            List<ColdLookups.Result> ones = results.get("1 source");
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < rs.size(); i++) {
                ratios.add(rs.get(i).rate() / ones.get(i).rate());
            }
            Stats rate = Stats.of(rs.stream().map(ColdLookups.Result::rate).toList());
            Stats ratio = Stats.of(ratios);
            Stats qps = Stats.of(rs.stream().map(r -> r.rate() * n).toList());
            Stats p50 = Stats.of(rs.stream().map(ColdLookups.Result::p50).toList());
            Stats p99 = Stats.of(rs.stream().map(ColdLookups.Result::p99).toList());
            int errors = rs.stream().mapToInt(ColdLookups.Result::errors).sum();
            String goal = n == 6 ? ((ratio.median() >= 0.5 && errors == 0 ? "met" : "MISSED") + " ≥ 0.5, 0 errors") : "";
            rates.add(rate);
            p50s.add(p50);
            p99s.add(p99);
            groups.add(setup.name().replace(" sources, one server", ", 1 server").replace(" sources, ", ", ")); // fits under a bar
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d | %d | %s |%n", setup.name(), rate.format("%.0f"),
                    ratio.format("%.2f"), qps.format("%.0f"), p50.format("%.2f"), p99.format("%.2f"), errors,
                    dropped.getOrDefault(setup.name(), 0L), goal);
        }
        System.out.printf(Locale.ROOT, "%nCeiling (dnsperf, %d outstanding per process, 5 s per run): one server %s queries/s; "
                + "six servers at once %s queries/s in all; six sources ÷ one source at best %s%n", window,
                Stats.of(ceilingOne).format("%.0f"), Stats.of(ceilingSix).format("%.0f"), Stats.of(ceilingRatio).format("%.2f"));
        java.nio.file.Path out = java.nio.file.Path.of(System.getProperty("tocsin.bench.out", "docs/images"));
        String caption = machine + ". " + command + ". Bars: median of rounds; whiskers: up to the farther of the min and the max of the rounds, on both sides.";
        Charts.bars(out.resolve("scaling-sources-throughput.png"), "Cold verdicts per second by number of DNSBL sources",
                "verdicts per second", groups, List.of(Charts.Series.of("verdicts/s (" + window + " outstanding)", rates)),
                Double.NaN, "", caption);
        Charts.bars(out.resolve("scaling-sources-latency.png"), "Cold verdict latency by number of DNSBL sources",
                "latency, ms", groups, List.of(Charts.Series.of("p50", p50s), Charts.Series.of("p99", p99s)), Double.NaN, "", caption);
    }
}
