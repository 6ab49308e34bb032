package io.tocsin.benchmarks.http;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.benchmarks.report.Charts;
import io.tocsin.benchmarks.report.Wrk;
import io.tocsin.testing.Rbldnsd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Budget under failure: the filter's only source is a DNSBL zone that never answers (rbldnsd with
 * an {@code acl} of {@code :ignore}), and wrk sends every request as a new visitor (a Lua script
 * writes a fresh {@code X-Forwarded-For} per request), so every request is a cache miss that waits
 * for the lookup budget. Goal: p99 ≤ budget + 5 ms and no errors. Rounds alternate with the same
 * page for a single clean, cached visitor on a server whose source answers at once.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.http.FailureBudget [rounds] [seconds] [connections] [budget-ms]}
 */
public final class FailureBudget {

    private FailureBudget() {
    }

    static final String FRESH_VISITORS = """
            local counter = 0
            local id = 0
            local threads = {}
            function setup(thread)
              thread:set("id", #threads + 1)
              table.insert(threads, thread)
            end
            local stamp = 0
            function init(args)
              id = wrk.thread:get("id")
              stamp = os.time() % 250
            end
            function request()
              counter = counter + 1
              local ip = string.format("%d.%d.%d.%d", 10 + id, stamp, math.floor(counter / 250) % 250, counter % 250 + 1)
              return wrk.format("GET", nil, {["X-Forwarded-For"] = ip})
            end
            """;

    /** Counts what the checker saw. */
    static final class Counts implements io.tocsin.core.Listener {
        final java.util.concurrent.atomic.LongAdder overruns = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder timeouts = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

        @Override
        public void budgetExceeded(io.tocsin.core.ip.IpAddress ip) {
            overruns.increment();
        }

        @Override
        public void sourceQueried(String source, io.tocsin.core.ip.IpAddress ip, io.tocsin.core.SourceResult result, long nanos) {
            if (result instanceof io.tocsin.core.SourceResult.Failed f) {
                if (nanos == 0) {
                    refused.increment();
                } else {
                    timeouts.increment();
                }
            }
        }

        void reset() {
            overruns.reset();
            timeouts.reset();
            refused.reset();
        }
    }

    private static Stats[] row(String name, List<Wrk.Result> runs, Counts counts, int budgetMs) {
        Stats p50 = Stats.of(runs.stream().map(Wrk.Result::p50).toList());
        Stats p99 = Stats.of(runs.stream().map(Wrk.Result::p99).toList());
        Stats rps = Stats.of(runs.stream().map(Wrk.Result::rps).toList());
        long errors = runs.stream().mapToLong(Wrk.Result::errors).sum();
        long requests = runs.stream().mapToLong(Wrk.Result::requests).sum();
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d / %d | %d / %d / %d | %s |%n", name, rps.format("%.0f"),
                p50.format("%.2f"), p99.format("%.2f"), errors, requests, counts.overruns.sum(), counts.timeouts.sum(), counts.refused.sum(),
                (p99.max() <= budgetMs + 5 && errors == 0 ? "met" : "MISSED") + " p99 ≤ " + (budgetMs + 5) + " ms (every round), 0 errors");
        return new Stats[] {p50, p99};
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int budgetMs = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        Path out = Path.of(System.getProperty("tocsin.bench.out", "docs/images"));
        String machine = Machine.describe();
        System.out.println("# Budget under failure: " + machine);
        Path script = Files.createTempFile("fresh-visitors", ".lua");
        Files.writeString(script, FRESH_VISITORS, StandardCharsets.UTF_8);
        try (Rbldnsd dns = Rbldnsd.builder()
                .ip4set("timeout.test", "192.0.2.66 :127.0.0.4:infected")
                .acl("timeout.test", "0.0.0.0/0 :ignore\n::/0 :ignore")
                .start()) {
            Map<String, String> silent = new LinkedHashMap<>();
            silent.put("tocsin.trusted-proxies", "127.0.0.1");
            silent.put("tocsin.lookup-budget", budgetMs + "ms");
            silent.put("tocsin.sources.bl.type", "dnsbl");
            silent.put("tocsin.sources.bl.zone", "timeout.test");
            silent.put("tocsin.sources.bl.servers", dns.servers());
            silent.put("tocsin.sources.bl.timeout", "1s");
            silent.put("tocsin.sources.bl.health-check", "false");
            Map<String, String> noBreaker = new LinkedHashMap<>(silent);
            noBreaker.put("tocsin.sources.bl.circuit-breaker.failures", "0");
            Map<String, String> answering = new LinkedHashMap<>();
            answering.put("tocsin.trusted-proxies", "127.0.0.1");
            answering.put("tocsin.sources.bl.type", "list");
            answering.put("tocsin.sources.bl.entries", "192.0.2.66");
            Counts breakerCounts = new Counts();
            Counts waitingCounts = new Counts();
            try (BenchServer failing = BenchServer.start(silent, breakerCounts);
                    BenchServer waiting = BenchServer.start(noBreaker, waitingCounts);
                    BenchServer healthy = BenchServer.start(answering)) {
                String page = "/page/5k";
                List<String> fresh = List.of("-s", script.toString());
                List<String> cached = List.of("-H", "X-Forwarded-For: " + RequestOverhead.CLEAN);
                Wrk.run(healthy.url(page), 2, connections, 3, cached);
                Wrk.run(failing.url(page), 2, connections, 3, fresh);
                Wrk.run(waiting.url(page), 2, connections, 3, fresh);
                breakerCounts.reset();
                waitingCounts.reset();
                List<Wrk.Result> silentRuns = new ArrayList<>();
                List<Wrk.Result> waitingRuns = new ArrayList<>();
                List<Wrk.Result> cachedRuns = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    Wrk.Result a = Wrk.run(failing.url(page), 2, connections, seconds, fresh);
                    silentRuns.add(a);
                    Wrk.Result w = Wrk.run(waiting.url(page), 2, connections, seconds, fresh);
                    waitingRuns.add(w);
                    Wrk.Result b = Wrk.run(healthy.url(page), 2, connections, seconds, cached);
                    cachedRuns.add(b);
                    System.out.printf(Locale.ROOT, "round %d: silent DNSBL, breaker %s | silent DNSBL, no breaker %s | clean cached visitor %s%n",
                            round + 1, a, w, b);
                }
                String command = "java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.http.FailureBudget "
                        + rounds + " " + seconds + " " + connections + " " + budgetMs;
                System.out.printf(Locale.ROOT, "%n%s%n%s%n%n", machine, command);
                System.out.println("| case | req/s | p50 ms | p99 ms | errors / requests | budget overruns / source timeouts / refused by breaker | goal |");
                System.out.println("|---|---|---|---|---|---|---|");
                Stats[] breaker = row("silent DNSBL, default circuit breaker (5 failures, 30 s)", silentRuns, breakerCounts, budgetMs);
                Stats[] noBreakerRow = row("silent DNSBL, circuit breaker off: every request waits the budget", waitingRuns, waitingCounts, budgetMs);
                Stats cp50 = Stats.of(cachedRuns.stream().map(Wrk.Result::p50).toList());
                Stats cp99 = Stats.of(cachedRuns.stream().map(Wrk.Result::p99).toList());
                Stats crps = Stats.of(cachedRuns.stream().map(Wrk.Result::rps).toList());
                System.out.printf(Locale.ROOT, "| clean cached visitor, answering source (baseline) | %s | %s | %s | %d | | |%n",
                        crps.format("%.0f"), cp50.format("%.2f"), cp99.format("%.2f"),
                        cachedRuns.stream().mapToLong(Wrk.Result::errors).sum());
                Charts.bars(out.resolve("budget-under-failure.png"), "Latency when the DNSBL never answers (budget " + budgetMs + " ms)",
                        "latency, ms", List.of("p50", "p99"),
                        List.of(Charts.Series.of("silent DNSBL, breaker on", List.of(breaker[0], breaker[1])),
                                Charts.Series.of("silent DNSBL, breaker off", List.of(noBreakerRow[0], noBreakerRow[1])),
                                Charts.Series.of("clean cached visitor (baseline)", List.of(cp50, cp99))),
                        budgetMs + 5, "goal: p99 ≤ budget + 5 ms",
                        machine + ". " + command + " (wrk -t2 -c" + connections + "). Bars: median of rounds; whiskers: up to the farther of the min and the max of the rounds, on both sides.");
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
