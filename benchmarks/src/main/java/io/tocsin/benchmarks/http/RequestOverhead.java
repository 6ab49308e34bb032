package io.tocsin.benchmarks.http;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.benchmarks.report.Charts;
import io.tocsin.benchmarks.report.Wrk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request overhead with wrk: the same page from a server without the filter, with the filter
 * disabled ({@code tocsin.enabled=false}), enabled for a clean cached visitor, and enabled for a
 * listed visitor who gets the banner, for a 5 KB and a 200 KB page. wrk acts as the visitor through
 * {@code X-Forwarded-For} from the trusted proxy 127.0.0.1. Every round runs every case once, in a
 * rotated order; ratios are taken within a round and then summarised (median, min–max).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.http.RequestOverhead [rounds] [seconds] [connections]}
 */
public final class RequestOverhead {

    static final String LISTED = "192.0.2.66";
    static final String CLEAN = "198.51.100.7";

    private RequestOverhead() {
    }

    record Case(String name, BenchServer server, String visitor) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Path out = Path.of(System.getProperty("tocsin.bench.out", "docs/images"));
        String machine = Machine.describe();
        System.out.println("# Request overhead: " + machine);
        Map<String, String> enabled = new LinkedHashMap<>();
        enabled.put("tocsin.trusted-proxies", "127.0.0.1");
        enabled.put("tocsin.sources.bl.type", "list");
        enabled.put("tocsin.sources.bl.entries", LISTED);
        Map<String, String> disabled = new LinkedHashMap<>(enabled);
        disabled.put("tocsin.enabled", "false");
        try (BenchServer none = BenchServer.start(null);
                BenchServer off = BenchServer.start(disabled);
                BenchServer on = BenchServer.start(enabled)) {
            List<Case> cases = List.of(new Case("no filter", none, CLEAN), new Case("disabled", off, CLEAN),
                    new Case("clean (cached)", on, CLEAN), new Case("listed (banner)", on, LISTED));
            List<String> pages = List.of("/page/5k", "/page/200k");
            for (String page : pages) {
                for (Case c : cases) {
                    check(c, page); // also fills the verdict cache: the clean visitor is a cache hit from here on
                    Wrk.run(c.server().url(page), 2, connections, 3, headers(c)); // warm-up, discarded
                }
            }
            Map<String, Map<String, List<Wrk.Result>>> results = new LinkedHashMap<>();
            List<Double> loads = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (String page : pages) {
                    for (int k = 0; k < cases.size(); k++) {
                        Case c = cases.get((k + round) % cases.size()); // rotate so no case always runs first
                        Wrk.Result r = Wrk.run(c.server().url(page), 2, connections, seconds, headers(c));
                        results.computeIfAbsent(page, p -> new LinkedHashMap<>()).computeIfAbsent(c.name(), n -> new ArrayList<>()).add(r);
                        String load = Machine.load();
                        loads.add(Double.parseDouble(load.equals("?") ? "NaN" : load));
                        System.out.printf(Locale.ROOT, "round %d %s %-16s %s (load %s)%n", round + 1, page, c.name(), r, load);
                    }
                }
            }
            String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.http.RequestOverhead "
                    + rounds + " " + seconds + " " + connections + " (wrk -t2 -c" + connections + " -d" + seconds + "s)";
            machine = machine + "; 1-minute load average during the rounds " + Stats.of(loads).format("%.2f") + " (median, min–max)";
            report(results, cases, machine, command, out);
        }
    }

    private static List<String> headers(Case c) {
        return List.of("-H", "X-Forwarded-For: " + c.visitor());
    }

    /** The listed visitor must get the banner and the others must not, or the figures mean nothing. */
    private static void check(Case c, String page) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(c.server().url(page)))
                .header("X-Forwarded-For", c.visitor()).build(), HttpResponse.BodyHandlers.ofByteArray());
        boolean banner = r.headers().firstValue("Tocsin-Notice").isPresent();
        boolean wanted = c.name().startsWith("listed");
        if (r.statusCode() != 200 || banner != wanted) {
            throw new IllegalStateException(c.name() + " " + page + ": status " + r.statusCode() + ", banner " + banner);
        }
    }

    private static void report(Map<String, Map<String, List<Wrk.Result>>> results, List<Case> cases, String machine,
            String command, Path out) {
        System.out.printf(Locale.ROOT, "%n%s%n%s%n%n", machine, command);
        System.out.println("| page | case | req/s median (min–max) | ratio to disabled, median (min–max) | p99 ms median (min–max) | p99 − disabled p99, ms | errors | goal |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<String> groups = new ArrayList<>();
        Map<String, List<Stats>> ratioSeries = new LinkedHashMap<>();
        Map<String, List<Stats>> p99Series = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, List<Wrk.Result>>> e : results.entrySet()) {
            String page = e.getKey();
            groups.add(page.substring(6).toUpperCase(Locale.ROOT).replace("K", " KB") + " page");
            List<Wrk.Result> base = e.getValue().get("disabled");
            for (Case c : cases) {
                List<Wrk.Result> rs = e.getValue().get(c.name());
                List<Double> ratios = new ArrayList<>();
                List<Double> p99Deltas = new ArrayList<>();
                for (int i = 0; i < rs.size(); i++) {
                    ratios.add(rs.get(i).rps() / base.get(i).rps());
                    p99Deltas.add(rs.get(i).p99() - base.get(i).p99());
                }
                Stats rps = Stats.of(rs.stream().map(Wrk.Result::rps).toList());
                Stats ratio = Stats.of(ratios);
                Stats p99 = Stats.of(rs.stream().map(Wrk.Result::p99).toList());
                Stats dp99 = Stats.of(p99Deltas);
                long errors = rs.stream().mapToLong(Wrk.Result::errors).sum();
                String goal = switch (c.name()) {
                    case "clean (cached)" -> verdict(ratio.median() >= 0.99, "≥ 0.99");
                    case "listed (banner)" -> verdict(ratio.median() >= 0.95, "≥ 0.95");
                    default -> "";
                };
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d | %s |%n", page, c.name(), rps.format("%.0f"),
                        ratio.format("%.3f"), p99.format("%.2f"), dp99.format("%+.2f"), errors, goal);
                if (!c.name().equals("disabled")) {
                    ratioSeries.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(ratio);
                }
                p99Series.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(p99);
            }
        }
        String caption = machine + ". " + command + ". Bars: median of the per-round ratios; whiskers: up to the farther of the min and the max of the rounds, on both sides.";
        Charts.bars(out.resolve("request-overhead-throughput.png"), "Throughput relative to the disabled filter (same round)",
                "requests/s ÷ disabled", groups,
                ratioSeries.entrySet().stream().map(en -> Charts.Series.of(en.getKey(), en.getValue())).toList(),
                0.99, "clean goal 0.99 (listed goal 0.95)", caption);
        Charts.bars(out.resolve("request-overhead-p99.png"), "p99 latency under wrk load", "p99 latency, ms", groups,
                p99Series.entrySet().stream().map(en -> Charts.Series.of(en.getKey(), en.getValue())).toList(),
                Double.NaN, "", machine + ". " + command + ". Bars: median p99 of the rounds; whiskers: up to the farther of the min and the max of the rounds, on both sides.");
    }

    private static String verdict(boolean met, String goal) {
        return (met ? "met " : "MISSED ") + goal;
    }
}
