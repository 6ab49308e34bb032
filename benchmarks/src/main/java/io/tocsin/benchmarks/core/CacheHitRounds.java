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
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.core.CacheHitRounds [rounds] [sizes]}
 */
public final class CacheHitRounds {

    private CacheHitRounds() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String[] sizes = (args.length > 1 ? args[1] : "1024,65536,1048576").split(",");
        List<String> benchmarks = List.of("budgetedCheckOfCachedAddress", "cachedLookupOfParsedAddress", "concurrentHashMapBaseline", "parseOnly");
        Path out = Path.of(System.getProperty("tocsin.bench.out", "docs/images"));
        String machine = Machine.describe();
        System.out.println("# Cache-hit path: " + machine);
        // results[benchmark][size] = per-round ns/op
        Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String size : sizes) {
                Options options = new OptionsBuilder()
                        .include(CacheHitBenchmark.class.getName() + ".(" + String.join("|", benchmarks) + ")$")
                        .param("addresses", size)
                        .forks(1).warmupIterations(5).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                        .jvmArgsAppend("-Xmx2g")
                        .shouldDoGC(true)
                        .build();
                for (RunResult r : new Runner(options).run()) {
                    String name = r.getParams().getBenchmark();
                    name = name.substring(name.lastIndexOf('.') + 1);
                    // the median iteration: a GC pause or a neighbour's burst in one iteration does not move it
                    double score = r.getPrimaryResult().getStatistics().getPercentile(50);
                    results.computeIfAbsent(name, n -> new LinkedHashMap<>()).computeIfAbsent(size, s -> new ArrayList<>()).add(score);
                    System.out.printf(Locale.ROOT, "round %d, %s addresses, %s: %.1f ns/op%n", round + 1, size, name, score);
                }
            }
        }
        String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.core.CacheHitRounds " + rounds + " " + String.join(",", sizes)
                + " (JMH 1.37, 1 fork per round, 5×1 s warm-up, 5×1 s measurement, average time, median iteration)";
        System.out.printf(Locale.ROOT, "%n%s%n%s%n%n", machine, command);
        System.out.println("| cached addresses | benchmark | ns/op median (min–max) | ratio to ConcurrentHashMap (per round) | goal |");
        System.out.println("|---|---|---|---|---|");
        Map<String, List<Stats>> series = new LinkedHashMap<>();
        List<String> groups = new ArrayList<>();
        for (String size : sizes) {
            groups.add(Integer.parseInt(size) >= 1 << 20 ? (Integer.parseInt(size) >> 20) + "M cached" : (Integer.parseInt(size) >> 10) + "K cached");
            List<Double> base = results.get("concurrentHashMapBaseline").get(size);
            for (String name : benchmarks) {
                List<Double> v = results.get(name).get(size);
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    ratios.add(v.get(i) / base.get(i));
                }
                Stats s = Stats.of(v);
                double goalNs = size.equals("1024") ? 100 : size.equals("1048576") ? 250 : Double.NaN;
                String goal = !name.equals("budgetedCheckOfCachedAddress") || Double.isNaN(goalNs) ? ""
                        : (s.median() <= goalNs ? "met" : "MISSED") + String.format(Locale.ROOT, " ≤ %.0f ns", goalNs);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", size, name, s.format("%.1f"), Stats.of(ratios).format("%.2f"), goal);
                series.computeIfAbsent(name, n -> new ArrayList<>()).add(s);
            }
        }
        Charts.bars(out.resolve("cache-hit.png"), "Cache-hit path: budgeted check of a cached address (string)", "ns per operation",
                groups, series.entrySet().stream().map(e -> Charts.Series.of(label(e.getKey()), e.getValue())).toList(),
                250, "goal ≤ 250 ns at 1M cached (≤ 100 ns at 1K)", machine + ". " + command + ". Bars: median of rounds; whiskers: up to the farther of the min and the max of the rounds, on both sides.");
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
