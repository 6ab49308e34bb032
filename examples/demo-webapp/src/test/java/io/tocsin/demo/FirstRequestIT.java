package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.demo.browser.DemoProcess;
import io.tocsin.testing.Rbldnsd;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first request after start, against the packaged demo in a fresh JVM: everything a lookup needs
 * is warmed while the filter starts, so a listed visitor's very first request gets the banner within
 * the default budget, and a silent list costs the first request no more than its budget.
 *
 * <p>Requests are written on a raw socket, so that no class loading in this JVM's HTTP client counts
 * against the demo.
 */
class FirstRequestIT {

    private static final String LISTED_VISITOR = "192.0.2.66";

    private static Rbldnsd dns;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDns() {
        dns = Rbldnsd.builder().ip4set("bl.test", LISTED_VISITOR + " :127.0.0.2:infected: sober").start();
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    /** What the demo answered, and how long the whole exchange took. */
    record Answer(String head, String body, long millis) {
    }

    @Test
    void aListedVisitorsFirstRequestGetsTheBannerWithinTheDefaultBudget() throws Exception {
        String config = String.join("\n",
                "tocsin.trusted-proxies=127.0.0.1",
                "tocsin.sources.bl.type=dnsbl",
                "tocsin.sources.bl.zone=bl.test",
                "tocsin.sources.bl.servers=" + dns.servers(),
                ""); // the default lookup-budget, 50ms
        try (DemoProcess demo = DemoProcess.start(dir, config)) {
            Answer first = get(demo.base, "/", LISTED_VISITOR);
            assertThat(first.head()).as("status line").startsWith("HTTP/1.1 200");
            assertThat(first.head()).as("the first request of a listed visitor gets the notice header")
                    .containsIgnoringCase("Tocsin-Notice: banner");
            assertThat(first.body()).as("the first request of a listed visitor gets the banner")
                    .contains("<div id=\"tocsin-banner\"");

            Answer clean = get(demo.base, "/", "192.0.2.1");
            assertThat(clean.body()).as("a clean visitor, for contrast").doesNotContain("tocsin-banner");
        }
    }

    @Test
    void aSilentListKeepsTheFirstRequestNearItsBudget() throws Exception {
        // what any first request costs a fresh Jetty and the portal, with the filter doing nothing
        long baseline;
        try (DemoProcess disabled = DemoProcess.start(dir,
                "tocsin.enabled=false\ntocsin.sources.local.type=list\ntocsin.sources.local.entries=10.0.0.1\n")) {
            baseline = get(disabled.base, "/", LISTED_VISITOR).millis();
        }
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String config = String.join("\n",
                    "tocsin.trusted-proxies=127.0.0.1",
                    "tocsin.lookup-budget=100ms",
                    "tocsin.sources.silent.type=dnsbl",
                    "tocsin.sources.silent.zone=bl.test",
                    "tocsin.sources.silent.servers=127.0.0.1:" + silent.getLocalPort(),
                    "tocsin.sources.silent.health-check=false", // so the lookup really waits on the silent socket
                    "");
            try (DemoProcess demo = DemoProcess.start(dir, config)) {
                Answer first = get(demo.base, "/", LISTED_VISITOR);
                assertThat(first.head()).as("status line").startsWith("HTTP/1.1 200");
                assertThat(first.body()).as("no verdict in time: no banner").doesNotContain("tocsin-banner");
                // the 100ms budget over the filter-disabled demo's first request, and slack for a loaded
                // machine; issue 13 measured 530-1,200ms (against ~390ms disabled) before the warm-up
                assertThat(first.millis() - baseline)
                        .as("first request with a silent list (%sms) minus the filter-disabled demo's first request (%sms)",
                                first.millis(), baseline)
                        .isLessThan(100 + 300);
            }
        }
    }

    /** One GET on a new connection, as from behind a trusted proxy forwarding for {@code visitor}. */
    private static Answer get(String base, String path, String visitor) throws Exception {
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nX-Forwarded-For: " + visitor + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            long started = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            String text = response.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a complete HTTP response: %s", text).isPositive();
            return new Answer(text.substring(0, end), text.substring(end + 4), millis);
        }
    }
}
