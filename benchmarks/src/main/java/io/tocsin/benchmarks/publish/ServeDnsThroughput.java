package io.tocsin.benchmarks.publish;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import io.tocsin.publisher.dns.DnsblServer;
import io.tocsin.publisher.dns.ServeDnsOptions;
import io.tocsin.testing.Rbldnsd;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve-dns} under dnsperf, next to rbldnsd serving the same data, alternating rounds:
 * <ol>
 *   <li><b>cache hits</b>: the same {@code names} queries (a quarter listed) against rbldnsd and against
 *       serve-dns with a list source of the same entries, its cache warmed by one pass first
 *       (goal: serve-dns ≥ 0.5 of rbldnsd);</li>
 *   <li><b>cold</b>: serve-dns whose one source is a dnsbl zone on that rbldnsd, every query a new
 *       address (each one an upstream lookup), against rbldnsd answering the same queries itself.</li>
 * </ol>
 * dnsperf runs with {@code -c 4 -q 200}, rate limiting is off. Both servers and dnsperf share the
 * machine: the ratio is the figure, not the absolute rate.
 *
 * <p>{@code java -cp benchmarks.jar io.tocsin.benchmarks.publish.ServeDnsThroughput [ROUNDS] [SECONDS] [NAMES]}
 */
public final class ServeDnsThroughput {

    private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
    private static final Pattern COMPLETED = Pattern.compile("Queries completed:\\s+(\\d+)");
    private static final Pattern SENT = Pattern.compile("Queries sent:\\s+(\\d+)");

    private ServeDnsThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int names = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        System.out.println(Machine.describe());
        StringBuilder data = new StringBuilder();
        IpSet.Builder listed = IpSet.builder();
        for (int i = 0; i < names; i += 4) {
            IpAddress ip = address(i);
            data.append(ip).append(" :127.0.0.2:infected: listed\n");
            listed.add(ip);
        }
        Path warm = queries(0, names);
        ServeDnsOptions d = ServeDnsOptions.defaults("bench.test");
        try (Rbldnsd rbldnsd = Rbldnsd.builder().ip4set("bench.test", data.toString()).ip4set("up.test", data.toString()).start();
             Checker checker = Checker.builder().source(new ListSource("list", listed.build(), Category.INFECTED))
                     .cacheMaximumSize(Math.max(100_000, names * 2L)).build()) {
            ServeDnsOptions options = new ServeDnsOptions(d.zone(), d.codes(), d.budget(), d.ttl(), 0, 0, d.tcpIdleTimeout(),
                    d.maxTcpConnections(), d.threads());
            try (DnsblServer server = DnsblServer.start(options, checker, null, InetAddress.getLoopbackAddress(), 0)) {
                dnsperf(server.address().getPort(), warm, 1, 0); // fills the cache
                List<Double> ours = new ArrayList<>();
                List<Double> theirs = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    double r = dnsperf(rbldnsd.port(), warm, 0, seconds);
                    double s = dnsperf(server.address().getPort(), warm, 0, seconds);
                    theirs.add(r);
                    ours.add(s);
                    ratios.add(s / r);
                    System.out.printf(Locale.ROOT, "cache hits, round %d: rbldnsd %.0f q/s, serve-dns %.0f q/s, ratio %.2f (load %s)%n",
                            round + 1, r, s, s / r, load());
                }
                Stats ratio = Stats.of(ratios);
                System.out.printf(Locale.ROOT, "cache hits: rbldnsd %s q/s; serve-dns %s q/s; serve-dns ÷ rbldnsd %s (goal ≥ 0.50: %s)%n",
                        Stats.of(theirs).format("%.0f"), Stats.of(ours).format("%.0f"), ratio.format("%.2f"),
                        ratio.median() >= 0.5 ? "met" : "MISSED");
            }
            // cold: one upstream DNSBL, every address new to the cache
            Settings upstream = Settings.of(Map.of("tocsin.sources.up.type", "dnsbl", "tocsin.sources.up.zone", "up.test",
                    "tocsin.sources.up.servers", rbldnsd.servers(), "tocsin.sources.up.max-rate", "0",
                    "tocsin.cache.max-size", "2000000"));
            try (Checker cold = CheckerSettings.builder(upstream).build()) {
                cold.ready().get(30, TimeUnit.SECONDS);
                ServeDnsOptions coldOptions = new ServeDnsOptions(d.zone(), d.codes(), Duration.ofSeconds(2), d.ttl(), 0, 0,
                        d.tcpIdleTimeout(), d.maxTcpConnections(), d.threads());
                try (DnsblServer server = DnsblServer.start(coldOptions, cold, null, InetAddress.getLoopbackAddress(), 0)) {
                    List<Double> ours = new ArrayList<>();
                    List<Double> theirs = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        Path fresh = queries((round + 1) * 1_000_000, 20_000);
                        double r = dnsperf(rbldnsd.port(), fresh, 1, 0);
                        double s = dnsperf(server.address().getPort(), fresh, 1, 0);
                        theirs.add(r);
                        ours.add(s);
                        System.out.printf(Locale.ROOT, "cold, round %d: rbldnsd %.0f q/s, serve-dns (one upstream lookup each) %.0f q/s, ratio %.2f (load %s)%n",
                                round + 1, r, s, s / r, load());
                        Files.delete(fresh);
                    }
                    System.out.printf(Locale.ROOT, "cold: rbldnsd %s q/s; serve-dns %s q/s%n",
                            Stats.of(theirs).format("%.0f"), Stats.of(ours).format("%.0f"));
                }
            }
        } finally {
            Files.deleteIfExists(warm);
        }
    }

    private static IpAddress address(int i) {
        return IpAddress.ofIpv4((10 << 24) + i);
    }

    private static Path queries(int from, int n) throws Exception {
        Path file = Files.createTempFile("dnsperf", ".txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(reversed(address(from + i))).append(".bench.test A\n");
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
        return file;
    }

    /** Runs dnsperf: {@code passes} times through the file, or for {@code seconds}; queries per second. */
    private static double dnsperf(int port, Path file, int passes, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("dnsperf", "-s", "127.0.0.1", "-p", String.valueOf(port),
                "-d", file.toString(), "-c", "4", "-q", "200", "-t", "5"));
        if (seconds > 0) {
            command.addAll(List.of("-l", String.valueOf(seconds)));
        } else {
            command.addAll(List.of("-n", String.valueOf(passes)));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.MINUTES);
        Matcher qps = QPS.matcher(out);
        Matcher sent = SENT.matcher(out);
        Matcher completed = COMPLETED.matcher(out);
        if (!qps.find() || !sent.find() || !completed.find()) {
            throw new IllegalStateException("cannot read dnsperf's output:\n" + out);
        }
        if (Long.parseLong(completed.group(1)) < Long.parseLong(sent.group(1)) * 99 / 100) {
            System.out.println("  (dnsperf lost more than 1%: " + sent.group(1) + " sent, " + completed.group(1) + " completed)");
        }
        return Double.parseDouble(qps.group(1));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** The DNSBL labels of an IPv4 address (RFC 5782): its octets in reverse order. */
    private static String reversed(IpAddress ip) {
        int v = ip.ipv4Bits();
        return (v & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + (v >>> 24);
    }
}
