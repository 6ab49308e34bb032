package io.tocsin.publisher.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.store.SqliteEvidenceStore;
import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.Verdict;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Rbldnsd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** publish's output served by a real rbldnsd, queried by Tocsin's own dnsbl source and by dig. */
class PublisherIT {

    private Path dir;
    private Path out;
    private Path storeDir;
    private final Instant now = Instant.now();

    @BeforeEach
    void folders() throws Exception {
        dir = Files.createTempDirectory("publish");
        out = dir.resolve("out");
        storeDir = dir.resolve("store");
        Files.createDirectories(out);
        // rbldnsd reads the data as its own user once it dropped root
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(storeDir, Retention.DEFAULT)) {
            store.record(report("192.0.2.66", "Win.Worm.Sober-2", "sha256:aa"));
            store.record(report("192.0.2.66", "Win.Worm.Sober-2", "sha256:bb"));
            store.record(report("2001:db8::66", "Win.Worm.Sober-2", "sha256:cc"));
            store.record(new Report(IpAddress.parse("192.0.2.99"), Category.SPAM, "", EvidenceKind.MAIL, now, "sha256:dd"));
        }
    }

    @AfterEach
    void clean() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Report report(String ip, String threat, String reference) {
        return new Report(IpAddress.parse(ip), Category.INFECTED, threat, EvidenceKind.MAIL, now, reference);
    }

    private Map<String, String> config() {
        Map<String, String> map = new HashMap<>();
        map.put("tocsin.store", storeDir.toString());
        map.put("tocsin.sources.extra.type", "list");
        map.put("tocsin.sources.extra.entries", "198.51.100.0/24");
        map.put("tocsin.sources.extra.publish", "true");
        map.put("tocsin.sources.campus.type", "list");
        map.put("tocsin.sources.campus.entries", "198.51.100.128/25");
        map.put("tocsin.sources.campus.weight", "-100");
        return map;
    }

    private Publication publish(Map<String, String> map) throws Exception {
        Settings settings = Settings.of(map);
        Checker.Builder builder = CheckerSettings.builder(settings);
        Publisher.Plan plan = Publisher.plan("pub.test", settings);
        settings.rejectUnknown();
        try (Publisher publisher = Publisher.start(plan, out, builder.build(), settings, Clock.systemUTC())) {
            publisher.ready().get(30, TimeUnit.SECONDS);
            return publisher.publish();
        }
    }

    @Test
    void rbldnsdServesWhatWasPublishedAndReloadsItsReplacement() throws Exception {
        Publication first = publish(config());
        assertThat(first.published()).as(first.toString()).isTrue();
        assertThat(first.ip4set() && first.ip6trie() && first.feed()).isTrue();
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        try (Rbldnsd dns = Rbldnsd.builder()
                .datasetFile("pub.test", "ip4set", out.resolve("pub.test.ip4set"))
                .datasetFile("pub.test", "ip6trie", out.resolve("pub.test.ip6trie"))
                .start()) {
            try (Checker client = client(dns)) {
                client.ready().get(30, TimeUnit.SECONDS);
                assertThat(client.health().get("pub").state()).as("the RFC 5782 test points pass").isEqualTo(SourceHealth.State.UP);
                Verdict sober = client.check(IpAddress.parse("192.0.2.66")).join();
                assertThat(sober.shouldNotify()).isTrue();
                assertThat(sober.listings().get(0).codes()).containsExactly("127.0.0.4");
                assertThat(sober.listings().get(0).reason()).isEqualTo("infected: Win.Worm.Sober-2 (2 reports, last seen " + day + ")");
                assertThat(client.check(IpAddress.parse("2001:db8::66")).join().shouldNotify()).isTrue();
                assertThat(client.check(IpAddress.parse("198.51.100.5")).join().listings().get(0).reason())
                        .isEqualTo("infected: listed by extra");
                assertThat(client.check(IpAddress.parse("198.51.100.200")).join().listed()).as("allowlisted").isFalse();
                assertThat(client.check(IpAddress.parse("192.0.2.99")).join().listed()).as("spam does not notify").isFalse();
                assertThat(client.check(IpAddress.parse("203.0.113.1")).join().listed()).isFalse();
            }
            assertThat(dig(dns, "+short", "66.2.0.192.pub.test", "A")).isEqualTo("127.0.0.4");
            assertThat(dig(dns, "+short", "66.2.0.192.pub.test", "TXT"))
                    .isEqualTo("\"infected: Win.Worm.Sober-2 (2 reports, last seen " + day + ")\"");
            assertThat(dig(dns, "+short", "2.0.0.127.pub.test", "A")).isEqualTo("127.0.0.2");
            assertThat(dig(dns, "+short", "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.pub.test", "A"))
                    .as("the IPv6 test point").isEqualTo("127.0.0.2");
            assertThat(dig(dns, "1.0.0.127.pub.test", "A")).contains("status: NXDOMAIN");

            // nothing changed: nothing is rewritten
            Publication same = publish(config());
            assertThat(same.published()).isTrue();
            assertThat(same.ip4set() || same.ip6trie() || same.feed()).isFalse();

            // new evidence: the ip4set is replaced, rbldnsd reloads it
            try (SqliteEvidenceStore store = SqliteEvidenceStore.open(storeDir, Retention.DEFAULT)) {
                store.record(report("192.0.2.77", "Win.Worm.Mydoom", "sha256:ee"));
            }
            Publication second = publish(config());
            assertThat(second.ip4set()).isTrue();
            assertThat(second.ip6trie()).isFalse();
            dns.await("77.2.0.192.pub.test", Rcode.NOERROR, Duration.ofSeconds(20));
            assertThat(dig(dns, "+short", "77.2.0.192.pub.test", "TXT")).contains("Win.Worm.Mydoom (1 report");
        }
    }

    @Test
    void aListThatListsTheWorldIsNotPublished() throws Exception {
        assertThat(publish(config()).published()).isTrue();
        byte[] before = Files.readAllBytes(out.resolve("pub.test.ip4set"));

        Map<String, String> slash8 = config();
        slash8.put("tocsin.sources.broken.type", "list");
        slash8.put("tocsin.sources.broken.entries", "10.0.0.0/9");
        slash8.put("tocsin.sources.broken.publish", "true");
        Publication refused = publish(slash8);
        assertThat(refused.published()).isFalse();
        assertThat(refused.refusal()).contains("50.0% of 10.0.0.0/8").contains("tocsin.publish.max-share");

        Map<String, String> loopback = config();
        loopback.put("tocsin.sources.broken.type", "list");
        loopback.put("tocsin.sources.broken.entries", "127.0.0.1");
        loopback.put("tocsin.sources.broken.publish", "true");
        assertThat(publish(loopback).refusal()).contains("127.0.0.1");

        Map<String, String> growth = config();
        growth.put("tocsin.sources.broken.type", "list");
        growth.put("tocsin.sources.broken.entries", "10.0.0.0/12");
        growth.put("tocsin.sources.broken.publish", "true");
        assertThat(publish(growth).refusal()).contains("grew from 129 to").contains("tocsin.publish.max-growth");

        assertThat(Files.readAllBytes(out.resolve("pub.test.ip4set"))).as("the files stay as they were").isEqualTo(before);
        growth.put("tocsin.publish.max-growth", "0");
        assertThat(publish(growth).published()).as("with the growth cap off").isTrue();
    }

    @Test
    void aSourceThatCannotListItsEntriesCannotBeMarked() {
        Map<String, String> map = config();
        map.put("tocsin.sources.zen.type", "dnsbl");
        map.put("tocsin.sources.zen.zone", "zen.example");
        map.put("tocsin.sources.zen.servers", "127.0.0.1:9");
        map.put("tocsin.sources.zen.health-check", "false");
        map.put("tocsin.sources.zen.publish", "true");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> publish(map))
                .hasMessageContaining("tocsin.sources.zen.publish").hasMessageContaining("cannot list its entries");
    }

    private static Checker client(Rbldnsd dns) {
        return CheckerSettings.builder(Settings.of(Map.of(
                "tocsin.sources.pub.type", "dnsbl",
                "tocsin.sources.pub.zone", "pub.test",
                "tocsin.sources.pub.servers", dns.servers(),
                "tocsin.sources.pub.txt", "true",
                "tocsin.sources.pub.codes", "127.0.0.4=infected", // the code the publisher gives infected addresses
                "tocsin.sources.pub.timeout", "2s"))).build();
    }

    private static String dig(Rbldnsd dns, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", String.valueOf(dns.port()), "+time=5", "+tries=2", "+notcp"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return text.trim();
    }
}
