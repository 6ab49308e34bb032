package io.tocsin.publisher.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.Verdict;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import io.tocsin.testing.Rbldnsd;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * serve-dns over real sockets: Tocsin's own dnsbl source, dig and dnsperf as clients.
 */
class DnsblServerIT {

    private static final String LONG = "x".repeat(60);
    private static Checker checker;
    private static DnsblServer server;

    @BeforeAll
    static void start() throws Exception {
        Checker.Builder builder = Checker.builder()
                .source(new ListSource("worms", IpSet.parse("192.0.2.0/24, 2001:db8::/32"), Category.INFECTED));
        // eight listings with long names for one address: a TXT answer too long for 512 bytes
        for (int i = 0; i < 8; i++) {
            builder.source(new ListSource(LONG + i, IpSet.parse("203.0.113.7"), Category.INFECTED));
        }
        checker = builder.build();
        server = DnsblServer.start(ServeDnsOptions.defaults("bl.test"), checker, null, InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        checker.close();
    }

    private static int port() {
        return server.address().getPort();
    }

    @Test
    void tocsinsOwnDnsblSourceUsesTheZone() {
        try (Checker client = dnsblClient("bl.test", port(), Map.of())) {
            client.ready().join();
            assertThat(client.health().get("meta").state()).isEqualTo(SourceHealth.State.UP);
            Verdict listed = client.check(IpAddress.parse("192.0.2.66")).join();
            assertThat(listed.shouldNotify()).isTrue();
            assertThat(listed.listings().get(0).codes()).containsExactly("127.0.0.4");
            Verdict v6 = client.check(IpAddress.parse("2001:db8::66")).join();
            assertThat(v6.shouldNotify()).isTrue();
            Verdict clean = client.check(IpAddress.parse("198.51.100.1")).join();
            assertThat(clean.listed()).isFalse();
            assertThat(clean.errors()).isEmpty();
        }
    }

    @Test
    void digOverUdpAndTcp() throws Exception {
        assertThat(dig("+short", "66.2.0.192.bl.test", "A")).isEqualTo("127.0.0.4");
        assertThat(dig("+short", "+tcp", "66.2.0.192.bl.test", "A")).isEqualTo("127.0.0.4");
        assertThat(dig("+short", "66.2.0.192.bl.test", "TXT")).isEqualTo("\"infected: listed by worms\"");
        assertThat(dig("1.100.51.198.bl.test", "A")).contains("status: NXDOMAIN").contains("SOA");
        assertThat(dig("example.org", "A")).contains("status: REFUSED");
        assertThat(dig("+short", "2.0.0.127.bl.test", "A")).isEqualTo("127.0.0.2");
    }

    @Test
    void aLongAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
        Message query = DnsblResponderTest.query("7.113.0.203.bl.test.", Type.TXT);
        Message udp = new Message(exchangeUdp(query.toWire(), Duration.ofSeconds(5)));
        assertThat(udp.getHeader().getFlag(Flags.TC)).as("without EDNS the answer does not fit 512 bytes").isTrue();
        // dig retries over TCP on TC, as resolvers do
        String viaFallback = dig("+noedns", "+short", "7.113.0.203.bl.test", "TXT");
        assertThat(viaFallback.lines()).hasSize(8);
        // with EDNS (1232 bytes) it fits in one datagram
        String edns = dig("+bufsize=1232", "+ignore", "7.113.0.203.bl.test", "TXT");
        assertThat(edns).doesNotContain("flags: qr aa tc").contains("ANSWER: 8");
        assertThat(server.statistics().truncated()).isPositive();
    }

    @Test
    void garbageNeverStopsTheServer() throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[][] garbage = {new byte[0], new byte[3], "hello world, this is no DNS".getBytes(StandardCharsets.US_ASCII),
                new byte[4000], {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 'a'}};
            for (byte[] g : garbage) {
                socket.send(new DatagramPacket(g, g.length, InetAddress.getLoopbackAddress(), port()));
            }
        }
        assertThat(dig("+short", "66.2.0.192.bl.test", "A")).isEqualTo("127.0.0.4");
        assertThat(dig("+tcp", "+short", "66.2.0.192.bl.test", "A")).isEqualTo("127.0.0.4");
    }

    @Test
    void dnsperfGetsEveryAnswer() throws Exception {
        Path queries = Files.createTempFile("queries", ".txt");
        try {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                lines.add(i + ".2.0.192.bl.test A");
                lines.add(i + ".100.51.198.bl.test A");
            }
            Files.write(queries, lines);
            String out = run(List.of("dnsperf", "-s", "127.0.0.1", "-p", String.valueOf(port()), "-d", queries.toString(),
                    "-l", "2", "-Q", "200", "-t", "5"));
            assertThat(out).contains("Queries sent:");
            long sent = number(out, "Queries sent:");
            long completed = number(out, "Queries completed:");
            assertThat(sent).isPositive();
            assertThat(completed).as(out).isGreaterThanOrEqualTo(sent * 95 / 100);
            assertThat(out).contains("NOERROR").contains("NXDOMAIN");
        } finally {
            Files.deleteIfExists(queries);
        }
    }

    @Test
    void theRateLimitDropsOrTruncatesWhatIsOverItAndTcpStillAnswers() throws Exception {
        ServeDnsOptions d = ServeDnsOptions.defaults("bl.test");
        ServeDnsOptions limited = new ServeDnsOptions(d.zone(), d.codes(), d.budget(), d.ttl(), 5, 2, d.tcpIdleTimeout(),
                d.maxTcpConnections(), 1);
        try (DnsblServer small = DnsblServer.start(limited, checker, null, InetAddress.getLoopbackAddress(), 0)) {
            int answered = 0;
            int truncated = 0;
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(300);
                byte[] wire = DnsblResponderTest.query("66.2.0.192.bl.test.", Type.A).toWire();
                for (int i = 0; i < 60; i++) {
                    socket.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), small.address().getPort()));
                }
                byte[] buffer = new byte[1500];
                try {
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                        socket.receive(p);
                        Message m = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                        if (m.getHeader().getFlag(Flags.TC)) {
                            assertThat(m.getSection(Section.ANSWER)).isEmpty();
                            truncated++;
                        } else {
                            answered++;
                        }
                    }
                } catch (SocketTimeoutException e) {
                    // all that came
                }
            }
            assertThat(answered).as("answered within the limit").isBetween(1, 20);
            assertThat(truncated).as("slipped: every second response over the limit").isPositive();
            assertThat(answered + truncated).isLessThan(60);
            assertThat(small.statistics().rateLimitDropped()).isPositive();
            SimpleResolver tcp = new SimpleResolver(small.address());
            tcp.setTCP(true);
            Message viaTcp = tcp.send(DnsblResponderTest.query("66.2.0.192.bl.test.", Type.A));
            assertThat(DnsblResponderTest.addresses(viaTcp)).containsExactly("127.0.0.4");
        }
    }

    @Test
    void aMetaListOverARealUpstreamDnsbl() {
        try (Rbldnsd upstream = Rbldnsd.builder().ip4set("up.test", "192.0.2.99 :127.0.0.4:sober").start();
             Checker meta = dnsblClient("up.test", upstream.port(), Map.of("tocsin.sources.meta.txt", "true"));
             DnsblServer metaServer = start(meta)) {
            meta.ready().join();
            try (Checker client = dnsblClient("meta.test", metaServer.address().getPort(), Map.of("tocsin.sources.meta.txt", "true"))) {
                client.ready().join();
                Verdict v = client.check(IpAddress.parse("192.0.2.99")).join();
                assertThat(v.shouldNotify()).isTrue();
                assertThat(v.listings().get(0).reason()).isEqualTo("infected: sober");
                assertThat(client.check(IpAddress.parse("192.0.2.98")).join().listed()).isFalse();
                // the upstream goes away: what it never answered is undecided, not "not listed"
                upstream.stop();
                Verdict undecided = client.check(IpAddress.parse("192.0.2.97")).join();
                assertThat(undecided.listed()).isFalse();
                assertThat(undecided.errors()).singleElement().satisfies(e -> assertThat(e.error()).contains("SERVFAIL"));
            }
        }
    }

    private static DnsblServer start(Checker meta) {
        try {
            return DnsblServer.start(ServeDnsOptions.defaults("meta.test"), meta, null, InetAddress.getLoopbackAddress(), 0);
        } catch (java.net.BindException e) {
            throw new IllegalStateException(e);
        }
    }

    static Checker dnsblClient(String zone, int port, Map<String, String> extra) {
        Map<String, String> map = new java.util.HashMap<>(Map.of(
                "tocsin.sources.meta.type", "dnsbl",
                "tocsin.sources.meta.zone", zone,
                "tocsin.sources.meta.servers", "127.0.0.1:" + port,
                "tocsin.sources.meta.timeout", "2s",
                "tocsin.sources.meta.codes", "127.0.0.4=infected")); // the code a Tocsin zone gives infected addresses
        map.putAll(extra);
        return CheckerSettings.builder(Settings.of(map)).build();
    }

    private static String dig(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", String.valueOf(port()), "+time=5", "+tries=2"));
        command.addAll(List.of(args));
        return run(command).trim();
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static long number(String text, String label) {
        for (String line : text.lines().toList()) {
            String t = line.trim();
            if (t.startsWith(label)) {
                return Long.parseLong(t.substring(label.length()).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no \"" + label + "\" in " + text);
    }

    private static byte[] exchangeUdp(byte[] wire, Duration timeout) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), port()));
            byte[] buffer = new byte[65535];
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            socket.receive(p);
            return java.util.Arrays.copyOf(p.getData(), p.getLength());
        }
    }

}
