package io.tocsin.collector.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.config.Settings;
import io.tocsin.testing.traffic.Hit;
import io.tocsin.testing.traffic.LogLines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The log readers: each format's documented lines, detection, gzip, malformed lines and years. */
class LogReadingTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @TempDir
    Path dir;

    /** One parsed line: the time, client and name found, or the kind when it is not a query. */
    private static String parse(LogFormat format, String text, Instant reference) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        QueryLine q = new QueryLine();
        LineParser parser = format.parser(new LogTimes(UTC, new SyslogYear(reference, UTC)));
        LineParser.Kind kind = parser.parse(b, 0, b.length, q);
        if (kind != LineParser.Kind.QUERY) {
            return kind.name();
        }
        return Instant.ofEpochMilli(q.time) + " " + new String(b, q.clientStart, q.clientEnd - q.clientStart, StandardCharsets.US_ASCII)
                + " " + new String(b, q.nameStart, q.nameEnd - q.nameStart, StandardCharsets.US_ASCII);
    }

    private static String parse(LogFormat format, String text) {
        return parse(format, text, Instant.parse("2026-12-03T00:00:00Z"));
    }

    @Test
    void bindQueryLogInEveryTimeFormatAndVersion() {
        assertThat(parse(LogFormat.BIND, "02-Dec-2026 03:04:05.123 queries: info: client @0x7f3a5c0d2168 192.0.2.66#53211 (people.freenet.de): query: people.freenet.de IN A +E(0)K (192.0.2.1)"))
                .isEqualTo("2026-12-02T03:04:05.123Z 192.0.2.66 people.freenet.de");
        assertThat(parse(LogFormat.BIND, "2026-12-02T03:04:05.123Z client @0x7f3a5c0d2168 2001:db8::66#40001 (scifi.pages.at): view internal: query: scifi.pages.at IN AAAA + (2001:db8::1)"))
                .isEqualTo("2026-12-02T03:04:05.123Z 2001:db8::66 scifi.pages.at");
        assertThat(parse(LogFormat.BIND, "Dec  2 03:04:05 ns1 named[812]: client 192.0.2.66#53211: query: HOME.ARCOR.DE IN A + (192.0.2.1)"))
                .isEqualTo("2026-12-02T03:04:05Z 192.0.2.66 HOME.ARCOR.DE");
        assertThat(parse(LogFormat.BIND, "02-Dec-2026 03:04:05.123 general: info: zone example.org/IN: loaded serial 7")).isEqualTo("OTHER");
        assertThat(parse(LogFormat.BIND, "02-Dec-2026 03:04:05.123 queries: info: client @0x7f3a5c0d2168 192.0.2.66#53211 (people.freenet.de): query: people.fre"))
                .isEqualTo("MALFORMED");
        assertThat(parse(LogFormat.BIND, "31-Feb-2026 03:04:05.123 queries: info: client 192.0.2.66#1: query: a.example IN A +")).isEqualTo("MALFORMED");
        assertThat(parse(LogFormat.BIND, "garbage")).isEqualTo("MALFORMED");
    }

    @Test
    void unboundWithAndWithoutLogTimeAscii() {
        assertThat(parse(LogFormat.UNBOUND, "[1796180645] unbound[2211:0] info: 192.0.2.66 people.freenet.de. A IN"))
                .isEqualTo("2026-12-02T03:04:05Z 192.0.2.66 people.freenet.de");
        assertThat(parse(LogFormat.UNBOUND, "Dec 02 03:04:05 unbound[2211:0] info: 192.0.2.66 people.freenet.de. A IN"))
                .isEqualTo("2026-12-02T03:04:05Z 192.0.2.66 people.freenet.de");
        assertThat(parse(LogFormat.UNBOUND, "Dec  2 03:04:05 resolver unbound: [2211:0] info: 2001:db8::66 home.arcor.de. AAAA IN"))
                .isEqualTo("2026-12-02T03:04:05Z 2001:db8::66 home.arcor.de");
        assertThat(parse(LogFormat.UNBOUND, "[1796180645] unbound[2211:0] info: 192.0.2.66 people.freenet.de. A IN NOERROR 0.000000 0 45")).isEqualTo("OTHER");
        assertThat(parse(LogFormat.UNBOUND, "[1796180645] unbound[2211:0] info: start of service (unbound 1.22.0).")).isEqualTo("OTHER");
        assertThat(parse(LogFormat.UNBOUND, "[1796180645] unbound[2211:0] info: 192.0.2.66 people.freenet.de.")).isEqualTo("MALFORMED");
        assertThat(parse(LogFormat.UNBOUND, "[17961806")).isEqualTo("MALFORMED");
    }

    @Test
    void dnsmasqPlainExtraAndIsoStamps() {
        assertThat(parse(LogFormat.DNSMASQ, "Dec  2 03:04:05 dnsmasq[1207]: query[A] people.freenet.de from 192.0.2.66"))
                .isEqualTo("2026-12-02T03:04:05Z 192.0.2.66 people.freenet.de");
        assertThat(parse(LogFormat.DNSMASQ, "Dec  2 03:04:05 gw dnsmasq[1207]: 17 192.0.2.66/53211 query[AAAA] home.pages.at from 192.0.2.66"))
                .isEqualTo("2026-12-02T03:04:05Z 192.0.2.66 home.pages.at");
        assertThat(parse(LogFormat.DNSMASQ, "2026-12-02T03:04:05.123456+01:00 gw dnsmasq[1207]: query[A] free.pages.at from 2001:db8::66"))
                .isEqualTo("2026-12-02T02:04:05.123Z 2001:db8::66 free.pages.at");
        assertThat(parse(LogFormat.DNSMASQ, "Dec  2 03:04:05 dnsmasq[1207]: forwarded people.freenet.de to 192.0.2.53")).isEqualTo("OTHER");
        assertThat(parse(LogFormat.DNSMASQ, "Dec  2 03:04:05 dnsmasq[1207]: query[A] people.freenet.de")).isEqualTo("MALFORMED");
    }

    @Test
    void squidNativeAccessLog() {
        assertThat(parse(LogFormat.SQUID, "1796180645.368    245 192.0.2.66 TCP_MISS/200 4120 GET http://people.freenet.de/sober/index.html - HIER_DIRECT/195.4.92.1 text/html"))
                .isEqualTo("2026-12-02T03:04:05.123Z 192.0.2.66 people.freenet.de");
        assertThat(parse(LogFormat.SQUID, "1796180705.310     12 2001:db8::66 TCP_TUNNEL/200 3311 CONNECT home.arcor.de:443 - HIER_DIRECT/145.253.2.171 -"))
                .isEqualTo("2026-12-02T03:05:05.298Z 2001:db8::66 home.arcor.de");
        assertThat(parse(LogFormat.SQUID, "1796180705.310     12 192.0.2.66 TCP_MISS/200 3311 GET http://user@Home.Pages.At:8080/x - HIER_DIRECT/1.2.3.4 -"))
                .isEqualTo("2026-12-02T03:05:05.298Z 192.0.2.66 Home.Pages.At");
        assertThat(parse(LogFormat.SQUID, "1796180705.310      0 192.0.2.66 NONE/400 3311 NONE error:invalid-request - HIER_NONE/- -"))
                .isEqualTo("2026-12-02T03:05:05.310Z 192.0.2.66 error");
        assertThat(parse(LogFormat.SQUID, "1796180705.310 x 192.0.2.66")).isEqualTo("MALFORMED");
    }

    @Test
    void syslogYearsFollowTheFileAcrossNewYear() {
        LineParser parser = LogFormat.DNSMASQ.parser(new LogTimes(UTC, new SyslogYear(Instant.parse("2027-01-01T12:00:00Z"), UTC)));
        List<Instant> times = new ArrayList<>();
        for (String line : List.of(
                "Dec 30 23:00:00 dnsmasq[1]: query[A] a.example from 192.0.2.1",
                "Dec 31 23:59:59 dnsmasq[1]: query[A] a.example from 192.0.2.1",
                "Jan  1 00:00:01 dnsmasq[1]: query[A] a.example from 192.0.2.1",
                "Dec 31 23:59:58 dnsmasq[1]: query[A] a.example from 192.0.2.1",
                "Jan  1 00:00:02 dnsmasq[1]: query[A] a.example from 192.0.2.1")) {
            byte[] b = line.getBytes(StandardCharsets.US_ASCII);
            QueryLine q = new QueryLine();
            assertThat(parser.parse(b, 0, b.length, q)).isEqualTo(LineParser.Kind.QUERY);
            times.add(Instant.ofEpochMilli(q.time));
        }
        assertThat(times).containsExactly(Instant.parse("2026-12-30T23:00:00Z"), Instant.parse("2026-12-31T23:59:59Z"),
                Instant.parse("2027-01-01T00:00:01Z"), Instant.parse("2026-12-31T23:59:58Z"), Instant.parse("2027-01-01T00:00:02Z"));
    }

    @Test
    void localTimesUseTheConfiguredZone() {
        LineParser parser = LogFormat.BIND.parser(new LogTimes(ZoneId.of("Europe/Berlin"), new SyslogYear(Instant.now(), UTC)));
        byte[] b = "02-Jul-2026 03:04:05.000 client 192.0.2.1#1: query: a.example IN A +".getBytes(StandardCharsets.US_ASCII);
        QueryLine q = new QueryLine();
        parser.parse(b, 0, b.length, q);
        assertThat(Instant.ofEpochMilli(q.time)).isEqualTo(Instant.parse("2026-07-02T01:04:05Z"));
    }

    @ParameterizedTest
    @EnumSource(LogLines.class)
    void detectsEveryFormatFromItsLines(LogLines lines) throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            log.append(lines.line(new Hit(Instant.parse("2026-12-02T00:00:00Z").toEpochMilli() + i * 60_000L, "192.0.2.66", "people.freenet.de"))).append('\n');
        }
        byte[] b = log.toString().getBytes(StandardCharsets.US_ASCII);
        LogFormat expected = LogFormat.of(lines.name().replace("_ASCII", "").replace("_UTC", ""));
        assertThat(LogFormat.detect(b, b.length, UTC, Instant.parse("2026-12-03T00:00:00Z"))).isEqualTo(expected);

        List<BeaconFlag> flags = new ArrayList<>();
        TrafficSensor sensor = new TrafficSensor(settings(), null, flags::add);
        sensor.read(lines.name(), new ByteArrayInputStream(b), Instant.parse("2026-12-03T00:00:00Z"));
        assertThat(flags).as("a client beaconing every minute, read from %s", lines).hasSize(1);
        assertThat(flags.get(0).hits()).isEqualTo(12);
        assertThat(flags.get(0).regularity()).isEqualTo(1.0);
        assertThat(sensor.summary().queries()).isEqualTo(30);
    }

    @Test
    void readsGzipRotatedFilesAndCountsMalformedLinesWithoutStopping() throws Exception {
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        long t0 = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 8; i++) {
            first.append(LogLines.BIND.line(new Hit(t0 + i * 60_000L, "192.0.2.66", "people.freenet.de"))).append('\n');
        }
        first.append("this is no log line\n").append("\u00ff\u0000 binary\n");
        for (int i = 8; i < 14; i++) {
            second.append(LogLines.BIND.line(new Hit(t0 + i * 60_000L, "192.0.2.66", "people.freenet.de"))).append("\r\n");
        }
        second.append(LogLines.BIND.line(new Hit(t0 + 15 * 60_000L, "not-an-ip", "people.freenet.de"))).append('\n');
        second.append("02-Dec-2026 00:20:00.000 queries: info: client 192.0.2.7#1: query: people.freenet.de IN A"); // unterminated last line
        Path rotated = dir.resolve("query.log.1.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(rotated))) {
            out.write(first.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        Path current = dir.resolve("query.log");
        Files.writeString(current, second.toString());

        List<BeaconFlag> flags = new ArrayList<>();
        TrafficSensor sensor = new TrafficSensor(settings(), null, flags::add);
        sensor.read(rotated);
        sensor.read(current);
        assertThat(flags).extracting(f -> f.ip().toString()).containsExactly("192.0.2.66");
        TrafficSensor.Summary summary = sensor.summary();
        assertThat(summary.malformed()).isEqualTo(3);
        assertThat(summary.firstMalformed()).isEqualTo(rotated + ":9");
        assertThat(summary.lines()).isEqualTo(18);
        assertThat(summary.toString()).contains("3 malformed, the first at " + rotated + ":9").doesNotContain("192.0.2.66");
    }

    @Test
    void anInputNoFormatReadsIsNamed() {
        TrafficSensor sensor = new TrafficSensor(settings(), null, flag -> { });
        assertThatThrownBy(() -> sensor.read("notes.txt", new ByteArrayInputStream("hello\nworld\n".getBytes(StandardCharsets.US_ASCII)), Instant.now()))
                .isInstanceOf(UnknownLogFormatException.class)
                .hasMessageContaining("notes.txt").hasMessageContaining("--format");
    }

    @Test
    void overlongLinesAreMalformedNotMemory() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.write(LogLines.BIND.line(new Hit(0, "192.0.2.1", "a.example")).getBytes(StandardCharsets.US_ASCII));
        log.write('\n');
        log.write("x".repeat(5_000_000).getBytes(StandardCharsets.US_ASCII));
        log.write('\n');
        log.write(LogLines.BIND.line(new Hit(0, "192.0.2.1", "a.example")).getBytes(StandardCharsets.US_ASCII));
        log.write('\n');
        TrafficSensor sensor = new TrafficSensor(settings(), LogFormat.BIND, flag -> { });
        sensor.read("big", new ByteArrayInputStream(log.toByteArray()), Instant.now());
        assertThat(sensor.summary().lines()).isEqualTo(3);
        assertThat(sensor.summary().queries()).isEqualTo(2);
        assertThat(sensor.summary().malformed()).isEqualTo(1);
    }

    @Test
    void beaconSuffixesMatchWholeLabelsOnly() {
        BeaconSuffixes beacons = BeaconSuffixes.of(List.of("pages.at", ".home.arcor.de."));
        assertThat(match(beacons, "pages.at")).isEqualTo(0);
        assertThat(match(beacons, "free.PAGES.at")).isEqualTo(0);
        assertThat(match(beacons, "xpages.at")).isEqualTo(-1);
        assertThat(match(beacons, "pages.at.example")).isEqualTo(-1);
        assertThat(match(beacons, "home.arcor.de")).isEqualTo(1);
        assertThat(match(beacons, "arcor.de")).isEqualTo(-1);
        assertThatThrownBy(() -> BeaconSuffixes.of(List.of("bad host"))).hasMessageContaining("bad host");
    }

    private static int match(BeaconSuffixes beacons, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        return beacons.match(b, 0, b.length);
    }

    static SenseSettings settings() {
        return SenseSettings.from(Settings.of(Map.of("tocsin.sense.time-zone", "UTC")));
    }
}
