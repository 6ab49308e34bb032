package io.tocsin.benchmarks.dnsbl;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.core.Checker;
import io.tocsin.core.SourceLimits;
import io.tocsin.core.Verdict;
import io.tocsin.core.dnsbl.DnsblSource;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Rbldnsd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Early answers with one slow source: budgeted checks of distinct addresses (what a request does)
 * through a checker with a fast DNSBL zone (weight 1, one address in ten listed) and a slow zone
 * that answers only after its timeout (rbldnsd ignoring its queries; circuit breaker off, as for a
 * list that is slow but never quite fails). Threshold 1. Two set-ups of the slow zone's weight:
 * 0.5, which cannot change any outcome, and 1, which can (every clean answer must wait for it).
 * Each is measured with early answers on and off, rounds alternating; the table gives checks per
 * second and the check latency p50/p99 (medians of rounds, min–max), and the ratio of early to off.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.dnsbl.EarlyAnswer [checks] [threads] [rounds] [slow-ms]}
 */
public final class EarlyAnswer {

    private EarlyAnswer() {
    }

    record Result(double rate, double p50, double p99, int early, int notified) {
    }

    public static void main(String[] args) throws Exception {
        int checks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int slowMs = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        StringBuilder listed = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            for (int j = 0; j < 256; j += 10) {
                listed.append("10.").append(i).append('.').append(j).append(".1 :127.0.0.4:listed\n");
            }
        }
        Rbldnsd.Builder b = Rbldnsd.builder()
                .ip4set("fast.test", listed.toString())
                .ip4set("slow.test", "")
                .acl("slow.test", "0.0.0.0/0 :ignore\n::/0 :ignore");
        String machine = Machine.describe();
        System.out.println("# Early answer with one slow source: " + machine);
        String[] cases = {"slow weight 0.5 (cannot change the outcome)", "slow weight 1 (can change it)"};
        double[] slowWeights = {0.5, 1};
        Map<String, List<Result>> results = new LinkedHashMap<>();
        try (Rbldnsd dns = b.start()) {
            run(dns, addresses(0, Math.min(checks, 200)), threads, 0.5, true, slowMs); // warm-up
            int salt = 1;
            for (int round = 0; round < rounds; round++) {
                for (int c = 0; c < cases.length; c++) {
                    for (int e = 0; e < 2; e++) {
                        boolean early = (e + round) % 2 == 0; // alternate which goes first
                        Result r = run(dns, addresses(salt++, checks), threads, slowWeights[c], early, slowMs);
                        results.computeIfAbsent(key(cases[c], early), k -> new ArrayList<>()).add(r);
                        System.out.printf(Locale.ROOT, "round %d, %s: %s%n", round + 1, key(cases[c], early), r);
                    }
                }
            }
        }
        String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.dnsbl.EarlyAnswer "
                + checks + " " + threads + " " + rounds + " " + slowMs;
        System.out.printf(Locale.ROOT, "%n%s%n%s%n%n", machine, command);
        System.out.println("| slow source | early answer | checks/s | p50 ms | p99 ms | answered early | notified | p50 early ÷ off |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String c : cases) {
            List<Result> on = results.get(key(c, true));
            List<Result> off = results.get(key(c, false));
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < on.size(); i++) {
                ratios.add(on.get(i).p50() / off.get(i).p50());
            }
            for (boolean early : new boolean[] {true, false}) {
                List<Result> rs = results.get(key(c, early));
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %d | %s |%n", c, early ? "on" : "off",
                        Stats.of(rs.stream().map(Result::rate).toList()).format("%.0f"),
                        Stats.of(rs.stream().map(Result::p50).toList()).format("%.2f"),
                        Stats.of(rs.stream().map(Result::p99).toList()).format("%.2f"),
                        rs.stream().mapToInt(Result::early).sum(), rs.stream().mapToInt(Result::notified).sum(),
                        early ? Stats.of(ratios).format("%.3f") : "1");
            }
        }
    }

    private static String key(String c, boolean early) {
        return c + ", early answer " + (early ? "on" : "off");
    }

    /** Distinct addresses; one in ten is in the fast zone. */
    static IpAddress[] addresses(int salt, int n) {
        IpAddress[] out = new IpAddress[n];
        for (int i = 0; i < n; i++) {
            if (i % 10 == 0) {
                int k = (salt * 7919 + i) % (256 * 26);
                out[i] = IpAddress.parse("10." + (k / 26) + "." + (k % 26) * 10 + ".1");
            } else {
                int v = (salt << 16) + i;
                out[i] = IpAddress.parse("172." + (16 + ((v >> 16) & 15)) + "." + ((v >> 8) & 255) + "." + (v & 255));
            }
        }
        return out;
    }

    static Result run(Rbldnsd dns, IpAddress[] ips, int threads, double slowWeight, boolean early, int slowMs) throws Exception {
        SourceLimits noBreaker = new SourceLimits(0, 0, SourceLimits.DEFAULT.openFor());
        Checker.Builder builder = Checker.builder().cacheMaximumSize(ips.length * 2L).earlyAnswer(early).notifyThreshold(1)
                .source(DnsblSource.builder("fast").zone("fast.test").servers(List.of(dns.address()))
                        .timeout(Duration.ofSeconds(2)).build(), noBreaker)
                .source(DnsblSource.builder("slow").zone("slow.test").servers(List.of(dns.address())).healthCheck(false)
                        .timeout(Duration.ofMillis(slowMs)).build(), noBreaker)
                .weight("slow", slowWeight);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Checker checker = builder.build()) {
            checker.ready().get(10, TimeUnit.SECONDS);
            long[] latencies = new long[ips.length];
            AtomicInteger next = new AtomicInteger();
            AtomicInteger answeredEarly = new AtomicInteger();
            AtomicInteger notified = new AtomicInteger();
            Duration budget = Duration.ofSeconds(5);
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < ips.length; i = next.getAndIncrement()) {
                        long began = System.nanoTime();
                        Verdict v = checker.check(ips[i], budget);
                        latencies[i] = System.nanoTime() - began;
                        if (!v.pending().isEmpty()) {
                            answeredEarly.incrementAndGet();
                        }
                        if (v.shouldNotify()) {
                            notified.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            long elapsed = System.nanoTime() - start;
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Result(ips.length / (elapsed / 1e9), sorted[sorted.length / 2] / 1e6,
                    sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
                    answeredEarly.get(), notified.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
