package io.tocsin.benchmarks.core;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.benchmarks.report.Charts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CacheHitBenchmark} in rounds (one fork per benchmark per round, so the budgeted check
 * and its {@code ConcurrentHashMap} baseline alternate rather than run back to back), for cache
 * sizes of 1K, 64K and 1M addresses; reports medians with min–max, the per-round ratio to the map,
 * and the goals (≤ 100 ns/op at 1K, ≤ 250 ns/op at 1M), and writes the plots. Each round's figure is
 * the median of its measurement iterations.
 *
 * <p>{@code pages} runs every size once per page size of the benchmark's JVM: {@code 4k}, the JVM's
 * default, and {@code thp}, with {@code -XX:+UseTransparentHugePages} (2 MB pages where the kernel
 * offers transparent huge pages, {@code madvise} or {@code always}). At a million cached addresses a
 * hit reads one bucket of a table of tens of megabytes at a random place, far beyond what the
 * processor's TLB maps with 4 KB pages; the two figures tell that cost from the code's own.
 * {@code orders} runs every case with the addresses asked for in the order they were made
 * ({@code sequential}, the first suite's) and in a random order ({@code shuffled}); see
 * {@link CacheHitBenchmark}.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.core.CacheHitRounds [rounds] [sizes] [pages] [orders]}
 */
public final class CacheHitRounds {

    private CacheHitRounds() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String[] sizes = (args.length > 1 ? args[1] : "1024,65536,1048576").split(",");
        String[] pages = (args.length > 2 ? args[2] : "4k").split(",");
        String[] orders = (args.length > 3 ? args[3] : "sequential").split(",");
        List<Case> cases = new ArrayList<>();
        for (String size : sizes) {
            for (String page : pages) {
                for (String order : orders) {
                    cases.add(new Case(size, page.equals("thp"), order.equals("shuffled")));
                }
            }
        }
        List<String> benchmarks = List.of("budgetedCheckOfCachedAddress", "cachedLookupOfParsedAddress", "concurrentHashMapBaseline", "parseOnly");
        Path out = Path.of(System.getProperty("tocsin.bench.out", "docs/images"));
        String machine = Machine.describe();
        System.out.println("# Cache-hit path: " + machine);
        // results[benchmark][case] = per-round ns/op
        Map<String, Map<Case, List<Double>>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Case c : cases) {
                Options options = new OptionsBuilder()
                        .include(CacheHitBenchmark.class.getName() + ".(" + String.join("|", benchmarks) + ")$")
                        .param("addresses", c.size())
                        .param("order", c.shuffled() ? "shuffled" : "sequential")
                        .forks(1).warmupIterations(5).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                        .jvmArgsAppend(c.hugePages() ? new String[] {"-Xmx2g", "-XX:+UseTransparentHugePages"} : new String[] {"-Xmx2g"})
                        .shouldDoGC(true)
                        .build();
                for (RunResult r : new Runner(options).run()) {
                    String name = r.getParams().getBenchmark();
                    name = name.substring(name.lastIndexOf('.') + 1);
                    // the median iteration: a GC pause or a neighbour's burst in one iteration does not move it
                    double score = r.getPrimaryResult().getStatistics().getPercentile(50);
                    results.computeIfAbsent(name, n -> new LinkedHashMap<>()).computeIfAbsent(c, s -> new ArrayList<>()).add(score);
                    System.out.printf(Locale.ROOT, "round %d, %s addresses, %s: %.1f ns/op%n", round + 1, c.label(), name, score);
                }
            }
        }
        String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.core.CacheHitRounds " + rounds + " " + String.join(",", sizes)
                + " " + String.join(",", pages) + " " + String.join(",", orders) + " (JMH 1.37, 1 fork per round, 5×1 s warm-up, 5×1 s measurement, average time, median iteration)";
        System.out.printf(Locale.ROOT, "%n%s%n%s%n%n", machine, command);
        System.out.println("| cached addresses | benchmark | ns/op median (min–max) | ratio to ConcurrentHashMap (per round) | goal |");
        System.out.println("|---|---|---|---|---|");
        Map<String, List<Stats>> series = new LinkedHashMap<>();
        List<String> groups = new ArrayList<>();
        for (Case c : cases) {
            String size = c.size();
            int count = Integer.parseInt(size);
            groups.add((count >= 1 << 20 ? (count >> 20) + "M cached" : (count >> 10) + "K cached")
                    + (c.hugePages() ? ", 2 MB pages" : pages.length > 1 ? ", 4 KB pages" : "")
                    + (c.shuffled() ? ", shuffled" : ""));
            List<Double> base = results.get("concurrentHashMapBaseline").get(c);
            for (String name : benchmarks) {
                List<Double> v = results.get(name).get(c);
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    ratios.add(v.get(i) / base.get(i));
                }
                Stats s = Stats.of(v);
                double goalNs = size.equals("1024") ? 100 : size.equals("1048576") ? 250 : Double.NaN;
                String goal = !name.equals("budgetedCheckOfCachedAddress") || Double.isNaN(goalNs) ? ""
                        : (s.median() <= goalNs ? "met" : "MISSED") + String.format(Locale.ROOT, " ≤ %.0f ns", goalNs);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", c.label(), name, s.format("%.1f"), Stats.of(ratios).format("%.2f"), goal);
                series.computeIfAbsent(name, n -> new ArrayList<>()).add(s);
            }
        }
        Charts.bars(out.resolve("cache-hit.png"), "Cache-hit path: budgeted check of a cached address (string)", "ns per operation",
                groups, series.entrySet().stream().map(e -> Charts.Series.of(label(e.getKey()), e.getValue())).toList(),
                250, "goal ≤ 250 ns at 1M cached (≤ 100 ns at 1K)", machine + ". " + command + ". Bars: median of rounds; whiskers: up to the farther of the min and the max of the rounds, on both sides.");
    }

    /** One benchmark set-up: how many addresses are cached, with 2 MB pages or not, in random order or not. */
    private record Case(String size, boolean hugePages, boolean shuffled) {
        String label() {
            return size + (hugePages ? " (2 MB pages)" : "") + (shuffled ? " shuffled" : "");
        }
    }

    private static String label(String benchmark) {
        return switch (benchmark) {
            case "budgetedCheckOfCachedAddress" -> "check(String, budget)";
            case "cachedLookupOfParsedAddress" -> "check(IpAddress, budget)";
            case "concurrentHashMapBaseline" -> "ConcurrentHashMap.get";
            default -> "IpAddress.parse";
        };
    }
}
