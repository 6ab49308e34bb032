package io.tocsin.benchmarks.dnsbl;

import io.tocsin.core.Checker;
import io.tocsin.core.Verdict;
import io.tocsin.core.dnsbl.DnsblSource;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Rbldnsd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Cold lookups of distinct addresses against a local rbldnsd: Tocsin's engine (asynchronous, with
 * {@code window} lookups outstanding), next to dnsperf on the same query set and server (the
 * server's ceiling on this machine), and next to what many users write by hand: a blocking dnsjava
 * {@code Lookup} per request on a pool of {@code window} threads. Rounds alternate A, B, C; the
 * report gives medians and ratios.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.dnsbl.ColdLookups [queries] [window] [rounds]}
 */
public final class ColdLookups {

    private ColdLookups() {
    }

    public static void main(String[] args) throws Exception {
        int queries = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        StringBuilder zone = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            zone.append("10.0.").append(i >> 8).append('.').append(i & 0xFF).append(" :127.0.0.4:listed\n");
        }
        try (Rbldnsd dns = Rbldnsd.builder().ip4set("bl.test", zone.toString()).start()) {
            List<Result> engine = new ArrayList<>();
            List<Result> dnsperf = new ArrayList<>();
            List<Result> blocking = new ArrayList<>();
            engine(dns, addresses(0x7F << 24, Math.min(queries, 5000)), window); // warm-up (JIT), discarded
            blocking(dns, addresses(0x7E << 24, 1000), window);
            for (int round = 0; round < rounds; round++) {
                int base = (round + 1) << 24; // distinct addresses in every round: every lookup is cold
                engine.add(engine(dns, addresses(base, queries), window));
                dnsperf.add(dnsperf(dns, addresses(base + (1 << 22), queries), window));
                blocking.add(blocking(dns, addresses(base + (2 << 22), queries), window));
                System.out.printf(Locale.ROOT, "round %d: engine %s | dnsperf %s | blocking %s%n", round + 1,
                        engine.get(round), dnsperf.get(round), blocking.get(round));
            }
            Result e = Result.median(engine);
            Result d = Result.median(dnsperf);
            Result b = Result.median(blocking);
            String machine = io.tocsin.benchmarks.report.Machine.describe();
            String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.dnsbl.ColdLookups " + queries + " " + window + " " + rounds;
            System.out.printf(Locale.ROOT, "%n%s%n%s%n", machine, command);
            System.out.printf(Locale.ROOT, "median of %d rounds, %d distinct addresses each, %d outstanding; spread min–max%n", rounds, queries, window);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                ratios.add(engine.get(i).rate / dnsperf.get(i).rate);
            }
            io.tocsin.benchmarks.report.Stats ratio = io.tocsin.benchmarks.report.Stats.of(ratios);
            System.out.printf(Locale.ROOT, "engine ÷ dnsperf per round: %s (goal ≥ 0.50: %s)%n", ratio.format("%.2f"),
                    ratio.median() >= 0.5 ? "met" : "MISSED");
            System.out.printf(Locale.ROOT, "engine lookups/s %s; dnsperf %s; blocking %s%n",
                    rates(engine).format("%.0f"), rates(dnsperf).format("%.0f"), rates(blocking).format("%.0f"));
            java.nio.file.Path out = java.nio.file.Path.of(System.getProperty("tocsin.bench.out", "docs/images"));
            io.tocsin.benchmarks.report.Charts.bars(out.resolve("cold-lookups.png"), "Cold DNSBL lookups against a local rbldnsd",
                    "lookups per second", List.of(window + " outstanding, " + queries + " distinct addresses"),
                    List.of(io.tocsin.benchmarks.report.Charts.Series.of("Tocsin engine", List.of(rates(engine))),
                            io.tocsin.benchmarks.report.Charts.Series.of("dnsperf (ceiling)", List.of(rates(dnsperf))),
                            io.tocsin.benchmarks.report.Charts.Series.of("blocking Lookup, " + window + " threads", List.of(rates(blocking)))),
                    d.rate / 2, "50% of dnsperf (goal)", machine + ". " + command + ". Bars: median of rounds; whiskers: up to the farther of the min and the max of the rounds, on both sides.");
            System.out.printf(Locale.ROOT, "| approach | lookups/s | p50 ms | p99 ms | ratio to dnsperf |%n|---|---|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| Tocsin engine | %.0f | %.2f | %.2f | %.2f |%n", e.rate, e.p50, e.p99, e.rate / d.rate);
            System.out.printf(Locale.ROOT, "| dnsperf (ceiling) | %.0f | %.2f | %.2f | 1.00 |%n", d.rate, d.p50, d.p99);
            System.out.printf(Locale.ROOT, "| blocking Lookup, %d threads | %.0f | %.2f | %.2f | %.2f |%n", window, b.rate, b.p50, b.p99, b.rate / d.rate);
        }
    }

    static io.tocsin.benchmarks.report.Stats rates(List<Result> results) {
        return io.tocsin.benchmarks.report.Stats.of(results.stream().map(Result::rate).toList());
    }

    /** Distinct addresses from 10.0.0.0 upward (the first 1000 are listed), shifted by {@code salt}. */
    static IpAddress[] addresses(int salt, int n) {
        IpAddress[] out = new IpAddress[n];
        for (int i = 0; i < n; i++) {
            int low = i < n / 10 ? i % 1000 : 1000 + salt + i; // one in ten is listed
            out[i] = IpAddress.ofIpv4(0x0A000000 + (low & 0x00FFFFFF));
        }
        return out;
    }

    static Result engine(Rbldnsd dns, IpAddress[] ips, int window) throws Exception {
        return engine(dns, ips, window, List.of("bl.test"));
    }

    /** The engine with one DNSBL source per zone, all queried for every address. */
    static Result engine(Rbldnsd dns, IpAddress[] ips, int window, List<String> zones) throws Exception {
        return engine(java.util.Collections.nCopies(zones.size(), dns), ips, window, zones);
    }

    /** The engine with one DNSBL source per zone, the zone {@code i} asked of {@code servers[i]}. */
    static Result engine(List<Rbldnsd> servers, IpAddress[] ips, int window, List<String> zones) throws Exception {
        Checker.Builder builder = Checker.builder().cacheMaximumSize(ips.length * 2L);
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get(i);
            builder.source(DnsblSource.builder(zone.replace('.', '-')).zone(zone).servers(List.of(servers.get(i).address()))
                    .timeout(Duration.ofSeconds(2)).build());
        }
        try (Checker checker = builder.build()) {
            checker.ready().get(10, TimeUnit.SECONDS);
            long[] latencies = new long[ips.length];
            Semaphore outstanding = new Semaphore(window);
            AtomicInteger errors = new AtomicInteger();
            CompletableFuture<?>[] all = new CompletableFuture<?>[ips.length];
            long start = System.nanoTime();
            for (int i = 0; i < ips.length; i++) {
                outstanding.acquire();
                int index = i;
                long began = System.nanoTime();
                all[i] = checker.check(ips[i]).whenComplete((Verdict v, Throwable t) -> {
                    latencies[index] = System.nanoTime() - began;
                    if (t != null || !v.errors().isEmpty()) {
                        errors.incrementAndGet();
                    }
                    outstanding.release();
                });
            }
            CompletableFuture.allOf(all).get(120, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;
            return Result.of(ips.length, elapsed, latencies, errors.get());
        }
    }

    private static Result blocking(Rbldnsd dns, IpAddress[] ips, int threads) throws Exception {
        SimpleResolver resolver = new SimpleResolver(dns.address());
        resolver.setTimeout(Duration.ofSeconds(2));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] latencies = new long[ips.length];
        AtomicInteger errors = new AtomicInteger();
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < ips.length; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    long began = System.nanoTime();
                    try {
                        Lookup lookup = new Lookup(reversed(ips[index]) + ".bl.test.", Type.A);
                        lookup.setResolver(resolver);
                        lookup.setCache(null);
                        lookup.run();
                        int r = lookup.getResult();
                        if (r != Lookup.SUCCESSFUL && r != Lookup.HOST_NOT_FOUND) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - began;
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            return Result.of(ips.length, System.nanoTime() - start, latencies, errors.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
    private static final Pattern AVG = Pattern.compile("Average Latency \\(s\\):\\s+([0-9.]+)");

    private static Result dnsperf(Rbldnsd dns, IpAddress[] ips, int window) throws Exception {
        Path data = queryFile(ips, "bl.test");
        try {
            Process p = new ProcessBuilder("dnsperf", "-s", "127.0.0.1", "-p", String.valueOf(dns.port()), "-d", data.toString(),
                    "-n", "1", "-q", String.valueOf(window), "-c", "1", "-t", "2").redirectErrorStream(true).start();
            String out = output(p, 120);
            Matcher avg = AVG.matcher(out);
            if (!avg.find()) {
                throw new IllegalStateException("cannot read dnsperf's average latency:\n" + out);
            }
            double avgMs = Double.parseDouble(avg.group(1)) * 1000;
            return new Result(queriesPerSecond(out), avgMs, Double.NaN, 0); // dnsperf reports an average, not percentiles
        } finally {
            Files.deleteIfExists(data);
        }
    }

    /** A dnsperf data file: one A query per address in {@code zone}. */
    private static Path queryFile(IpAddress[] ips, String zone) throws IOException {
        Path data = Files.createTempFile("dnsperf", ".txt");
        StringBuilder sb = new StringBuilder();
        for (IpAddress ip : ips) {
            sb.append(reversed(ip)).append('.').append(zone).append(" A\n");
        }
        Files.writeString(data, sb, StandardCharsets.US_ASCII);
        return data;
    }

    /** What a dnsperf process printed, once it has ended (or after {@code seconds}). */
    private static String output(Process p, long seconds) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(seconds, TimeUnit.SECONDS);
        return out;
    }

    private static double queriesPerSecond(String dnsperfOutput) {
        Matcher qps = QPS.matcher(dnsperfOutput);
        if (!qps.find()) {
            throw new IllegalStateException("cannot read dnsperf's output (is the Debian package dnsperf installed?):\n" + dnsperfOutput);
        }
        return Double.parseDouble(qps.group(1));
    }

    /**
     * Queries per second of one {@code dnsperf} per server, all running at once for {@code seconds},
     * each asking its zone of its server with {@code window} queries outstanding (distinct names, one
     * in ten listed, repeated as long as it runs).
     */
    static List<Double> dnsperfFor(List<Rbldnsd> servers, List<String> zones, int window, int seconds) throws Exception {
        List<Path> files = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < servers.size(); i++) {
                files.add(queryFile(addresses((0x60 + i) << 24, 20_000), zones.get(i)));
            }
            for (int i = 0; i < servers.size(); i++) {
                processes.add(new ProcessBuilder("dnsperf", "-s", "127.0.0.1", "-p", String.valueOf(servers.get(i).port()),
                        "-d", files.get(i).toString(), "-l", String.valueOf(seconds), "-q", String.valueOf(window), "-c", "1",
                        "-t", "2").redirectErrorStream(true).start());
            }
            List<Double> rates = new ArrayList<>();
            for (Process p : processes) {
                rates.add(queriesPerSecond(output(p, seconds + 60L)));
            }
            return rates;
        } finally {
            processes.forEach(Process::destroy);
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Throughput and latency of one run; for dnsperf p50 holds its average latency. */
    record Result(double rate, double p50, double p99, int errors) {
        static Result of(int n, long elapsedNanos, long[] latencies, int errors) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Result(n / (elapsedNanos / 1e9), sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, errors);
        }

        static Result median(List<Result> results) {
            double[] rates = results.stream().mapToDouble(Result::rate).sorted().toArray();
            double[] p50s = results.stream().mapToDouble(Result::p50).sorted().toArray();
            double[] p99s = results.stream().mapToDouble(Result::p99).sorted().toArray();
            int m = results.size() / 2;
            return new Result(rates[m], p50s[m], p99s[m], 0);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f/s p50 %.2fms p99 %.2fms errors %d", rate, p50, p99, errors);
        }
    }

    /** The DNSBL query labels of an IPv4 address (RFC 5782 section 2.1): its octets in reverse order. */
    private static String reversed(IpAddress ip) {
        if (!ip.isIpv4()) {
            throw new IllegalArgumentException("an IPv4 address was expected: " + ip);
        }
        int v = ip.ipv4Bits();
        return (v & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 24) & 0xFF);
    }
}
