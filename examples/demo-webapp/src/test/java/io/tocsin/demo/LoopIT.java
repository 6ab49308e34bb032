package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.testing.Rbldnsd;
import io.tocsin.testing.traffic.Hit;
import io.tocsin.testing.traffic.LogLines;
import io.tocsin.testing.traffic.TrafficCases;
import io.tocsin.testing.traffic.TrafficCases.Case;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/**
 * The loop closed, end to end: a mail provider collects infected mail ({@code collect}, its own JVM)
 * and a network operator senses beaconing clients ({@code sense}); {@code publish} writes the zone;
 * a real rbldnsd serves it; a second, independent demo whose only source is that zone
 * ({@code type=dnsbl}) shows the banner to exactly those addresses.
 */
class LoopIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private Path dir;

    @BeforeEach
    void folder() throws Exception {
        dir = Files.createTempDirectory("loop");
        // rbldnsd reads the published files as its own user once it dropped root
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void clean() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String infected(String ip, String helo, String id) {
        return "X-Virus-Status: Infected (Win.Worm.Sober-2)\r\n"
                + "Received: from " + helo + " (unknown [" + (ip.contains(":") ? "IPv6:" : "") + ip + "])\r\n"
                + "\tby mx1.example.org (Postfix) with ESMTP id 4F1A2B3C4D\r\n"
                + "\tfor <bob@example.org>; Tue,  1 Dec 2026 10:00:00 +0000 (UTC)\r\n"
                + "Subject: hi\r\nMessage-ID: <" + id + "@" + helo + ">\r\n\r\nbody\r\n";
    }

    private static String clean(String ip) {
        return "X-Virus-Status: Clean\r\n"
                + "Received: from friend (unknown [" + ip + "]) by mx1.example.org (Postfix) with ESMTP id 5; Tue, 1 Dec 2026 10:00:00 +0000\r\n"
                + "Subject: fine\r\nMessage-ID: <c@friend>\r\n\r\nbody\r\n";
    }

    private Path maildir(String... messages) throws Exception {
        Path maildir = dir.resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        for (int i = 0; i < messages.length; i++) {
            Files.writeString(maildir.resolve("new/17000000" + i + ".M1P1.host"), messages[i], StandardCharsets.ISO_8859_1);
        }
        return maildir;
    }

    /** {@code java -jar tocsin-demo.jar ARGS} as its own process (the demo's classes and dependencies). */
    private static String java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(command + ": " + out).isZero();
        return out;
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> home(int port, String visitor) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("X-Forwarded-For", visitor).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertBanner(int port, String visitor, boolean expected) throws Exception {
        HttpResponse<String> page = home(port, visitor);
        assertThat(page.statusCode()).isEqualTo(200);
        if (expected) {
            assertThat(page.headers().firstValue("Tocsin-Notice")).as("notice for " + visitor).hasValue("banner");
            assertThat(page.body()).as("banner for " + visitor).contains("id=\"tocsin-banner\"");
        } else {
            assertThat(page.headers().firstValue("Tocsin-Notice")).as("no notice for " + visitor).isEmpty();
            assertThat(page.body()).as("no banner for " + visitor).doesNotContain("tocsin-banner");
        }
    }

    @Test
    void collectPublishRbldnsdAndAnotherSitesBanner() throws Exception {
        // the collector's side: one configuration for collect, sense and publish
        Path collector = dir.resolve("collector.properties");
        Files.writeString(collector, "tocsin.store=" + dir.resolve("store") + "\n");
        Path out = dir.resolve("zone");
        Files.createDirectories(out);
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));

        String collected = java("collect", "--config", collector.toString(),
                maildir(infected("192.0.2.66", "pc17", "a"), infected("2001:db8::66", "pc18", "b"), clean("198.51.100.9")).toString());
        assertThat(collected.lines().filter(l -> l.endsWith("\"recorded\":true}"))).hasSize(2);
        String published = run("publish", "--config", collector.toString(), "--zone", "loop.test", "--out", out.toString());
        assertThat(published).startsWith("published loop.test: 1 IPv4 and 1 IPv6 entries");

        try (Rbldnsd dns = Rbldnsd.builder()
                .datasetFile("loop.test", "ip4set", out.resolve("loop.test.ip4set"))
                .datasetFile("loop.test", "ip6trie", out.resolve("loop.test.ip6trie"))
                .start()) {
            // another site: its own configuration, whose only source is the published zone
            Path site = dir.resolve("site.properties");
            Files.writeString(site, String.join("\n",
                    "tocsin.trusted-proxies=127.0.0.1",
                    "tocsin.sources.loop.type=dnsbl",
                    "tocsin.sources.loop.zone=loop.test",
                    "tocsin.sources.loop.servers=" + dns.servers(),
                    "tocsin.sources.loop.codes=127.0.0.4=infected", // the publisher's code for infected
                    "tocsin.sources.loop.timeout=2s",
                    "tocsin.lookup-budget=3s",
                    "tocsin.cache.clean-ttl=1s",
                    "") + "\n");
            try (ServeCommand.Running demo = ServeCommand.start(List.of("--config", site.toString(), "--port", "0"),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
                for (String sender : List.of("192.0.2.66", "2001:db8::66")) {
                    assertBanner(demo.port(), sender, true);
                }
                for (String other : List.of("198.51.100.9", "203.0.113.5", "2001:db8::67")) {
                    assertBanner(demo.port(), other, false);
                }

                // the traffic path: a client beaconing to Sober's hosts in a resolver's query log
                long start = Instant.now().minus(Duration.ofHours(6)).toEpochMilli();
                Case beaconing = TrafficCases.all(start).stream().filter(c -> !c.infected().isEmpty()).findFirst().orElseThrow();
                String client = beaconing.infected().iterator().next();
                List<String> lines = new ArrayList<>();
                for (Hit hit : beaconing.hits()) {
                    lines.add(LogLines.BIND_UTC.line(hit));
                }
                Path log = dir.resolve("query.log");
                Files.write(log, lines);
                String sensed = run("sense", "--config", collector.toString(), log.toString());
                assertThat(sensed).contains("\"ip\":\"" + client + "\"");
                assertBanner(demo.port(), client, false); // not yet published
                String again = run("publish", "--config", collector.toString(), "--zone", "loop.test", "--out", out.toString());
                assertThat(again).contains("replaced");
                String name = String.join(".", reversed(client)) + ".loop.test";
                dns.await(name, Rcode.NOERROR, Duration.ofSeconds(20));
                // the site cached "not listed" for the client for its clean-ttl (1s): poll until that expires
                io.tocsin.testing.Poll.until("the banner for the newly published client", Duration.ofSeconds(20), () -> {
                    try {
                        return home(demo.port(), client).body().contains("id=\"tocsin-banner\"");
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertBanner(demo.port(), client, true);
                assertBanner(demo.port(), "203.0.113.5", false);
            }
        }
    }

    private static List<String> reversed(String ipv4) {
        List<String> parts = new ArrayList<>(List.of(ipv4.split("\\.")));
        java.util.Collections.reverse(parts);
        return parts;
    }
}
