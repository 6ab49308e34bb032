package io.tocsin.benchmarks.farm;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.DnsRelay;
import io.tocsin.testing.Rbldnsd;
import io.tocsin.testing.RedisServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * List queries per distinct visitor as a function of the number of nodes (1, 2, 4), with the Redis
 * tier and without it: every visitor is seen by every node at about the same time (as behind a
 * round-robin load balancer), and the queries are counted at a relay in front of a real rbldnsd.
 * Each node is a checker of its own (own cache, own Redis connection) built from the same settings.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.farm.FarmQueries [visitors]}
 */
public final class FarmQueries {

    private static final String ZONE = "farm.test";

    private FarmQueries() {
    }

    public static void main(String[] args) throws Exception {
        int visitors = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        System.out.println("# List queries per distinct visitor: " + Machine.describe());
        System.out.println("java -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.farm.FarmQueries " + visitors);
        System.out.println();
        System.out.println("| nodes | Redis tier | visitors | requests | DNS queries | queries per visitor | goal |");
        System.out.println("|---|---|---|---|---|---|---|");
        try (RedisServer redis = RedisServer.start();
                Rbldnsd dns = Rbldnsd.builder().ip4set(ZONE, "10.0.0.0/16 :127.0.0.2:infected").start()) {
            int run = 0;
            for (boolean shared : new boolean[] {true, false}) {
                for (int nodes : new int[] {1, 2, 4}) {
                    run++;
                    try (DnsRelay relay = DnsRelay.to(dns.address())) {
                        Map<String, String> settings = new LinkedHashMap<>();
                        settings.put("tocsin.sources.bl.type", "dnsbl");
                        settings.put("tocsin.sources.bl.zone", ZONE);
                        settings.put("tocsin.sources.bl.category", "infected");
                        settings.put("tocsin.sources.bl.servers", relay.servers());
                        settings.put("tocsin.sources.bl.health-check", "false");
                        if (shared) {
                            settings.put("tocsin.redis.url", redis.url());
                            settings.put("tocsin.redis.key-prefix", "bench" + run + ":");
                        }
                        List<Checker> farm = new ArrayList<>();
                        try {
                            for (int n = 0; n < nodes; n++) {
                                farm.add(CheckerSettings.builder(Settings.of(settings)).build());
                            }
                            for (int v = 0; v < visitors; v++) {
                                IpAddress ip = IpAddress.parse("10." + (v % 2 == 0 ? 0 : 1) + "." + (v / 512) + "." + (v / 2 % 256));
                                List<CompletableFuture<?>> pages = new ArrayList<>();
                                for (Checker node : farm) {
                                    pages.add(node.check(ip));
                                }
                                CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).join();
                            }
                            int queries = relay.queries().values().stream().mapToInt(Integer::intValue).sum();
                            double perVisitor = queries / (double) visitors;
                            String goal = shared ? (perVisitor <= 1.0 ? "met (flat)" : "missed") : "(N without Redis)";
                            System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %d | %.3f | %s |%n", nodes, shared ? "on" : "off",
                                    visitors, visitors * nodes, queries, perVisitor, goal);
                        } finally {
                            farm.forEach(Checker::close);
                        }
                    }
                }
            }
        }
    }
}
