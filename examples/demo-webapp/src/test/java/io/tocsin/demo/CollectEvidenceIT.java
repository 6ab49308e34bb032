package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's done-criterion: a Maildir of infected messages, collected by {@code collect} in its own
 * JVM, makes {@code serve} (with an {@code evidence} source on the same store) show the banner to
 * those senders, and to nobody else.
 */
class CollectEvidenceIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static String infected(String ip, String helo, String id) {
        return "X-Virus-Scanned: clamav-milter 1.4.3 at mx1.example.org\r\n"
                + "X-Virus-Status: Infected (Win.Worm.Sober-2)\r\n"
                + "Received: from " + helo + " (unknown [" + (ip.contains(":") ? "IPv6:" : "") + ip + "])\r\n"
                + "\tby mx1.example.org (Postfix) with ESMTP id 4F1A2B3C4D\r\n"
                + "\tfor <bob@example.org>; Tue,  1 Dec 2026 10:00:00 +0000 (UTC)\r\n"
                + "From: x@example.com\r\nTo: bob@example.org\r\nSubject: hi\r\nMessage-ID: <" + id + "@" + helo + ">\r\n\r\nbody\r\n";
    }

    private static String clean(String ip) {
        return "X-Virus-Status: Clean\r\n"
                + "Received: from friend (unknown [" + ip + "]) by mx1.example.org (Postfix) with ESMTP id 5; Tue, 1 Dec 2026 10:00:00 +0000\r\n"
                + "Subject: fine\r\nMessage-ID: <c@friend>\r\n\r\nbody\r\n";
    }

    private Path maildir(String name, String... messages) throws Exception {
        Path maildir = dir.resolve(name);
        Files.createDirectories(maildir.resolve("cur"));
        Files.createDirectories(maildir.resolve("new"));
        Files.createDirectories(maildir.resolve("tmp"));
        for (int i = 0; i < messages.length; i++) {
            Files.writeString(maildir.resolve("new/17000000" + i + ".M1P1.host"), messages[i], StandardCharsets.ISO_8859_1);
        }
        return maildir;
    }

    /** Runs {@code java -jar tocsin-demo.jar collect …} as its own process (the demo's classes and dependencies). */
    private List<String> collect(Path config, Path maildir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "collect", "--config", config.toString(), maildir.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("collect exit status; output " + lines).isZero();
        return lines;
    }

    private HttpResponse<String> home(int port, String visitor) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("X-Forwarded-For", visitor).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void collectedSendersSeeTheBannerAndNobodyElseDoes() throws Exception {
        // PREPARE: one configuration for both commands: the store, and serve's evidence source behind a trusted proxy
        Path config = dir.resolve("tocsin.properties");
        Files.writeString(config, "tocsin.store=" + dir.resolve("store") + "\n"
                + "tocsin.sources.collected.type=evidence\n"
                + "tocsin.trusted-proxies=127.0.0.1\n"
                + "tocsin.collect.trusted-relays=10.0.0.0/8\n");
        List<String> lines = collect(config, maildir("Maildir",
                infected("192.0.2.66", "pc17", "a"), infected("2001:db8::66", "pc18", "b"), clean("198.51.100.9")));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"origin\":{\"ip\":\"192.0.2.66\"").endsWith("\"recorded\":true}");
        assertThat(lines.get(1)).contains("\"origin\":{\"ip\":\"2001:db8::66\"").endsWith("\"recorded\":true}");
        assertThat(lines.get(2)).contains("\"verdict\":\"clean\"").contains("\"recorded\":false");

        try (ServeCommand.Running demo = ServeCommand.start(List.of("--config", config.toString(), "--port", "0"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            // TEST + VERIFY: the infected senders get the banner, the clean sender and others do not
            for (String sender : List.of("192.0.2.66", "2001:db8::66")) {
                HttpResponse<String> page = home(demo.port(), sender);
                assertThat(page.headers().firstValue("Tocsin-Notice")).as("notice for " + sender).hasValue("banner");
                assertThat(page.body()).as("banner for " + sender).contains("id=\"tocsin-banner\"");
            }
            for (String other : List.of("198.51.100.9", "203.0.113.5")) {
                HttpResponse<String> page = home(demo.port(), other);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("Tocsin-Notice")).as("no notice for " + other).isEmpty();
                assertThat(page.body()).as("no banner for " + other).doesNotContain("tocsin-banner");
            }

            // a second collect run while serve is up: its sender is warned at once
            collect(config, maildir("Maildir2", infected("203.0.113.77", "pc19", "c")));
            assertThat(home(demo.port(), "203.0.113.77").headers().firstValue("Tocsin-Notice"))
                    .as("evidence collected while serving").hasValue("banner");
        }
    }
}
