package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.testing.DnsRelay;
import io.tocsin.testing.Poll;
import io.tocsin.testing.Rbldnsd;
import io.tocsin.testing.RedisServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A farm: three {@code serve} processes sharing one Redis and one rbldnsd (behind a relay that
 * counts the queries a list operator would see).
 */
class FarmIT {

    private static final Pattern LISTENING = Pattern.compile("Tocsin demo listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final String ZONE = "farm.test";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> nodes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopNodes() throws Exception {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** {@code serve --config CONFIG --port 0} as its own process; its port. */
    private int serve(Path config) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config", config.toString(), "--port", "0");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        nodes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.lines().forEach(l -> { });
                    } catch (java.io.UncheckedIOException e) {
                        // the node was stopped
                    }
                }, "farm-node-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("serve did not start: " + seen);
    }

    private CompletableFuture<HttpResponse<String>> visit(int port, String visitor) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("X-Forwarded-For", visitor).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean banner(HttpResponse<String> page) {
        return page.headers().firstValue("Tocsin-Notice").isPresent() && page.body().contains("id=\"tocsin-banner\"");
    }

    private static String name(String ipv4) {
        String[] p = ipv4.split("\\.");
        return p[3] + "." + p[2] + "." + p[1] + "." + p[0] + "." + ZONE;
    }

    @Test
    void threeNodesShareVerdictsEvidenceAndSurviveRedis() throws Exception {
        try (RedisServer redis = RedisServer.start();
                Rbldnsd dns = Rbldnsd.builder().ip4set(ZONE, "192.0.2.0/26 :127.0.0.2:infected").start();
                DnsRelay relay = DnsRelay.to(dns.address())) {
            Path config = dir.resolve("farm.properties");
            Files.writeString(config, String.join("\n",
                    "tocsin.trusted-proxies=127.0.0.1",
                    "tocsin.redis.url=" + redis.url(),
                    "tocsin.sources.bl.type=dnsbl",
                    "tocsin.sources.bl.zone=" + ZONE,
                    "tocsin.sources.bl.category=infected",
                    "tocsin.sources.bl.servers=" + relay.servers(),
                    "tocsin.sources.bl.timeout=2s",
                    "tocsin.sources.ev.type=evidence",
                    "tocsin.lookup-budget=3s",
                    "") + "\n");
            int[] ports = {serve(config), serve(config), serve(config)};

            // 300 distinct visitors, each seen by all three nodes at once
            List<String> visitors = new ArrayList<>();
            for (String net : List.of("192.0.2.", "198.51.100.", "203.0.113.")) {
                for (int i = 1; i <= 100; i++) {
                    visitors.add(net + i);
                }
            }
            int errors = 0;
            for (String visitor : visitors) {
                List<CompletableFuture<HttpResponse<String>>> pages = new ArrayList<>();
                for (int port : ports) {
                    pages.add(visit(port, visitor));
                }
                boolean listed = visitor.startsWith("192.0.2.") && Integer.parseInt(visitor.substring(8)) < 64;
                for (CompletableFuture<HttpResponse<String>> page : pages) {
                    HttpResponse<String> r = page.join();
                    errors += r.statusCode() == 200 ? 0 : 1;
                    assertThat(banner(r)).as("banner for %s", visitor).isEqualTo(listed);
                }
            }
            assertThat(errors).isZero();
            // the health checks' test points (127.0.0.2 and 127.0.0.1, as IPv4 and IPv4-mapped IPv6) are not visitors
            int queries = 0;
            List<String> twice = new ArrayList<>();
            for (String visitor : visitors) {
                int n = relay.queries(name(visitor));
                queries += n;
                if (n != 1) {
                    twice.add(visitor + "=" + n);
                }
            }
            assertThat(queries).as("DNS queries for 300 visitors on 3 nodes; not asked exactly once: %s", twice).isEqualTo(300);

            // evidence recorded through node 1's configuration: node 3, which had cached the visitor as clean,
            // shows the banner within a second
            String reported = "203.0.113.200";
            assertThat(banner(visit(ports[2], reported).join())).as("not yet reported").isFalse();
            Process add = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "evidence", "add", "--config", config.toString(), "--threat", "Win.Worm.Sober-2", reported)
                    .redirectErrorStream(true).start();
            String added = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(add.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(add.exitValue()).as(added).isZero();
            long recorded = System.nanoTime();
            Poll.until("node 3's banner for the reported address", Duration.ofSeconds(1), () -> banner(visit(ports[2], reported).join()));
            System.out.printf("farm: node 3 showed the banner %d ms after the evidence was recorded%n",
                    Duration.ofNanos(System.nanoTime() - recorded).toMillis());

            // Redis killed: every node keeps serving, without errors, and looks up alone
            redis.kill();
            for (int i = 150; i < 160; i++) {
                String visitor = "192.0.2." + (i - 100); // .50 to .59: listed
                for (int port : ports) {
                    HttpResponse<String> r = visit(port, visitor).join();
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(banner(r)).as("banner without redis for %s", visitor).isTrue();
                }
                HttpResponse<String> clean = visit(ports[i % 3], "198.51.100." + i).join();
                assertThat(clean.statusCode()).isEqualTo(200);
                assertThat(banner(clean)).isFalse();
            }

            // back: the nodes share again by themselves
            redis.restart();
            int[] next = {0};
            Poll.until("nodes sharing verdicts again", Duration.ofSeconds(30), () -> {
                String visitor = "203.0.113." + (210 + next[0]++);
                visit(ports[0], visitor).join();
                visit(ports[1], visitor).join();
                visit(ports[2], visitor).join();
                return relay.queries(name(visitor)) == 1;
            });
        }
    }
}
