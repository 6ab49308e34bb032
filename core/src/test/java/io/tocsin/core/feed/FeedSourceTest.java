package io.tocsin.core.feed;

import static io.tocsin.core.http.SourceFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Category;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.SourceResult.Failure;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.http.SourceFixture;
import io.tocsin.core.ip.IpAddress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code feed} source from real files and from a local HTTP server. */
class FeedSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Shaped like Spamhaus DROP: a header of {@code ;} comments, then {@code CIDR ; SBL id}. */
    static final String DROP = """
            ; Spamhaus DROP List 2026/11/26 - (c) 2026 The Spamhaus Project SLU
            ; https://www.spamhaus.org/drop/drop.txt
            ; Last-Modified: Wed, 25 Nov 2026 14:21:05 GMT
            ; Expires: Thu, 26 Nov 2026 15:44:17 GMT
            1.10.16.0/20 ; SBL256894
            1.19.0.0/16 ; SBL434604
            2.56.192.0/22 ; SBL459831
            """;

    /** Shaped like a FireHOL netset: {@code #} header, bare entries, IPv6 too. */
    static final String NETSET = """
            #
            # firehol_level1
            #
            # Maintainer      : FireHOL
            #
            192.0.2.66
            198.51.100.0/24
            \t203.0.113.10-203.0.113.20   # an address range
            2001:db8::66
            2001:db8:abcd::/48
            """;

    @TempDir
    Path dir;

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Replaces a file so that its change is seen even within the file system's time resolution. */
    private static void replace(Path file, String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        write(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
    }

    private static boolean isListed(SourceFixture s, String ip) {
        return s.query(ip) instanceof SourceResult.Listed;
    }

    private static FeedSource feed(SourceFixture s) {
        return (FeedSource) s.source;
    }

    @Nested
    class Files_ {

        @Test
        void readsDropAndNetsetFormats() throws IOException {
            Path file = dir.resolve("list.txt");
            write(file, DROP + NETSET);
            try (SourceFixture s = new SourceFixture("drop", "type", "feed", "file", file.toString()).start()) {
                assertThat(s.source.health().state()).isEqualTo(SourceHealth.State.UP);
                assertThat(s.source.health().reason()).startsWith("8 entries loaded");
                SourceResult r = s.query("1.10.31.255");
                assertThat(r).isInstanceOf(SourceResult.Listed.class);
                assertThat(((SourceResult.Listed) r).listing().categories()).containsExactly(Category.INFECTED);
                assertThat(((SourceResult.Listed) r).listing().source()).isEqualTo("drop");
                assertThat(s.query("1.10.32.0")).isEqualTo(SourceResult.NOT_LISTED);
                assertThat(isListed(s, "2.56.195.1")).isTrue();
                assertThat(isListed(s, "192.0.2.66")).isTrue();
                assertThat(isListed(s, "192.0.2.67")).isFalse();
                assertThat(isListed(s, "203.0.113.15")).isTrue();
                assertThat(isListed(s, "203.0.113.21")).isFalse();
                assertThat(isListed(s, "::ffff:198.51.100.9")).as("IPv4-mapped is IPv4").isTrue();
                assertThat(isListed(s, "2001:db8::66")).isTrue();
                assertThat(isListed(s, "2001:db8:abcd:1234::1")).isTrue();
                assertThat(isListed(s, "2001:db8::67")).isFalse();
            }
        }

        @Test
        void malformedLinesAreReportedWithTheirNumbersAndRejectTheCopy() throws IOException {
            Path file = dir.resolve("bad.txt");
            write(file, "192.0.2.1\n# fine\n192.0.2.300\n\n10.0.0.1/24\n2001:db8::/129\n192.0.2.2 192.0.2.3\n192.0.2.4\n");
            try (SourceFixture s = new SourceFixture("f", "type", "feed", "file", file.toString()).start()) {
                assertThat(s.source.health().state()).isEqualTo(SourceHealth.State.SUSPENDED);
                assertThat(s.source.health().reason())
                        .contains("4 malformed lines")
                        .contains("line 3: \"192.0.2.300\" is not an IP address or CIDR range")
                        .contains("line 5: \"10.0.0.1/24\" has host bits set")
                        .contains("line 6: \"2001:db8::/129\" has a bad prefix length")
                        .contains("line 7: \"192.0.2.2 192.0.2.3\" has more than one entry");
                SourceResult r = s.query("192.0.2.1");
                assertThat(r).isInstanceOf(SourceResult.Failed.class);
                assertThat(((SourceResult.Failed) r).kind()).isEqualTo(Failure.SUSPENDED);
            }
            try (SourceFixture s = new SourceFixture("f", "type", "feed", "file", file.toString(), "max-errors", "4").start()) {
                assertThat(s.source.health().reason()).contains("2 entries").contains("4 malformed lines skipped");
                assertThat(isListed(s, "192.0.2.4")).isTrue();
            }
        }

        @Test
        void refreshPicksUpAChangedFileAndKeepsTheLastGoodCopyOnFailure() throws IOException {
            Path file = dir.resolve("feed.txt");
            write(file, "192.0.2.1\n192.0.2.2\n");
            try (SourceFixture s = new SourceFixture("f", "type", "feed", "file", file.toString(), "refresh", "50ms").start()) {
                assertThat(isListed(s, "192.0.2.1")).isTrue();
                replace(file, "192.0.2.2\n192.0.2.3\n");
                await("the changed file is loaded", WAIT, () -> isListed(s, "192.0.2.3"));
                assertThat(isListed(s, "192.0.2.1")).isFalse();

                replace(file, "192.0.2.2\n192.0.2.3\nnot-an-address\n");
                await("the malformed copy is reported", WAIT, () -> s.source.health().reason().contains("line 3"));
                assertThat(s.source.health().reason()).contains("line 3: \"not-an-address\" is not an IP address, CIDR range or address range");
                assertThat(s.source.health().reason()).startsWith("refresh failed, keeping 2 entries");
                assertThat(s.source.health().isUp()).isTrue();
                assertThat(isListed(s, "192.0.2.3")).isTrue();

                Files.delete(file);
                await("the missing file is reported", WAIT, () -> s.source.health().reason().contains("no such file"));
                assertThat(isListed(s, "192.0.2.3")).isTrue();

                write(file, "192.0.2.9\n");
                await("the file is back", WAIT, () -> isListed(s, "192.0.2.9")
                        && s.source.health().reason().startsWith("1 entry loaded"));
                assertThat(isListed(s, "192.0.2.3")).isFalse();
            }
        }

        @Test
        void aCopyThatLostMostEntriesIsRejectedUnlessAllowed() throws IOException {
            Path file = dir.resolve("big.txt");
            StringBuilder hundred = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                hundred.append("10.0.").append(i).append(".1\n");
            }
            write(file, hundred.toString());
            try (SourceFixture s = new SourceFixture("f", "type", "feed", "file", file.toString()).start()) {
                replace(file, "10.0.0.1\n10.0.1.1\n10.0.2.1\n10.0.3.1\n10.0.4.1\n10.0.5.1\n10.0.6.1\n10.0.7.1\n10.0.8.1\n");
                feed(s).reload().join();
                assertThat(s.source.health().reason()).contains("9 entries, down from 100").contains("max-shrink=90%");
                assertThat(isListed(s, "10.0.99.1")).isTrue();
                replace(file, hundred.substring(0, hundred.length() / 2 + 1).replaceAll("\n[^\n]*$", "\n"));
                feed(s).reload().join();
                assertThat(feed(s).entries()).as("half is within the limit").isEqualTo(50);
            }
            write(file, hundred.toString());
            try (SourceFixture s = new SourceFixture("f", "type", "feed", "file", file.toString(), "max-shrink", "100").start()) {
                replace(file, "10.0.0.1\n");
                feed(s).reload().join();
                assertThat(feed(s).entries()).isEqualTo(1);
                replace(file, "");
                feed(s).reload().join();
                assertThat(feed(s).entries()).isZero();
                assertThat(isListed(s, "10.0.0.1")).isFalse();
            }
        }

        @Test
        void missingFileAtStartFailsOpenAndLoadsLater() throws IOException {
            Path file = dir.resolve("later.txt");
            try (SourceFixture s = new SourceFixture("f", "type", "feed", "file", file.toString(), "refresh", "50ms").start()) {
                assertThat(s.source.health().state()).isEqualTo(SourceHealth.State.SUSPENDED);
                assertThat(s.source.health().reason()).contains("no such file");
                assertThat(s.query("192.0.2.1")).isInstanceOf(SourceResult.Failed.class);
                write(file, "192.0.2.1\n");
                await("the file appears", WAIT, () -> isListed(s, "192.0.2.1"));
            }
        }

        @Test
        void aFileOverTheSizeCapIsRefused() throws IOException {
            Path file = dir.resolve("huge.txt");
            write(file, "192.0.2.1\n".repeat(200));
            try (SourceFixture s = new SourceFixture("f", "type", "feed", "file", file.toString(), "max-size", "1KB").start()) {
                assertThat(s.source.health().reason()).contains("larger than max-size (1KB)");
            }
        }

        @Test
        void oneMillionEntries() throws IOException {
            Path file = dir.resolve("million.txt");
            SplittableRandom random = new SplittableRandom(42);
            int[] sample = new int[1000];
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
                w.write("# one million single addresses\n");
                for (int i = 0; i < 1_000_000; i++) {
                    int a = random.nextInt();
                    if (i < sample.length) {
                        sample[i] = a;
                    }
                    w.write(IpAddress.ofIpv4(a).toString());
                    w.write('\n');
                }
            }
            long start = System.nanoTime();
            try (SourceFixture s = new SourceFixture("m", "type", "feed", "file", file.toString()).start()) {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(feed(s).entries()).isEqualTo(1_000_000);
                int ranges = feed(s).set().rangeCount();
                assertThat(ranges).isBetween(990_000, 1_000_000); // a few random neighbours merge
                for (int a : sample) {
                    assertThat(feed(s).contains(IpAddress.ofIpv4(a))).isTrue();
                }
                System.out.printf("1M-entry feed: loaded in %d ms, %d ranges%n", millis, ranges);
                assertThat(millis).as("load time").isLessThan(30_000);
            }
        }
    }

    @Nested
    class Http {

        private MockWebServer server(Dispatcher dispatcher) throws IOException {
            MockWebServer server = new MockWebServer();
            server.setDispatcher(dispatcher);
            server.start(InetAddress.getLoopbackAddress(), 0);
            return server;
        }

        @Test
        void conditionalGetRefreshAndFailedRefreshKeepsTheOldCopy() throws Exception {
            AtomicReference<MockResponse> next = new AtomicReference<>();
            AtomicReference<String> current = new AtomicReference<>("\"v1\"");
            try (MockWebServer server = server(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    MockResponse special = next.getAndSet(null);
                    if (special != null) {
                        return special;
                    }
                    if (current.get().equals(request.getHeaders().get("If-None-Match"))) {
                        return new MockResponse.Builder().code(304).build();
                    }
                    String body = current.get().equals("\"v1\"") ? DROP : NETSET;
                    return new MockResponse.Builder().code(200).setHeader("ETag", current.get())
                            .setHeader("Last-Modified", "Wed, 25 Nov 2026 14:21:05 GMT").body(body).build();
                }
            })) {
                try (SourceFixture s = new SourceFixture("drop", "type", "feed", "url", server.url("/drop.txt").toString(),
                        "header.Authorization", "Bearer t0ken").start()) {
                    assertThat(isListed(s, "1.19.1.1")).isTrue();
                    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
                    assertThat(first.getHeaders().get("If-None-Match")).isNull();
                    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
                    assertThat(first.getHeaders().get("User-Agent")).startsWith("tocsin/");

                    feed(s).reload().get(10, TimeUnit.SECONDS);
                    RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
                    assertThat(second.getHeaders().get("If-None-Match")).isEqualTo("\"v1\"");
                    assertThat(second.getHeaders().get("If-Modified-Since")).isEqualTo("Wed, 25 Nov 2026 14:21:05 GMT");
                    assertThat(s.source.health().reason()).contains("unchanged");

                    current.set("\"v2\"");
                    feed(s).reload().get(10, TimeUnit.SECONDS);
                    server.takeRequest(5, TimeUnit.SECONDS);
                    assertThat(isListed(s, "1.19.1.1")).isFalse();
                    assertThat(isListed(s, "2001:db8::66")).isTrue();

                    next.set(new MockResponse.Builder().code(503).body("maintenance").build());
                    feed(s).reload().get(10, TimeUnit.SECONDS);
                    assertThat(s.source.health().reason()).startsWith("refresh failed, keeping 5 entries").contains("HTTP 503");
                    assertThat(isListed(s, "2001:db8::66")).isTrue();

                    next.set(new MockResponse.Builder().code(200).setHeader("ETag", "\"broken\"").body("<html>oops</html>\n").build());
                    feed(s).reload().get(10, TimeUnit.SECONDS);
                    assertThat(s.source.health().reason()).contains("line 1: \"<html>oops</html>\"");
                    assertThat(isListed(s, "2001:db8::66")).isTrue();
                    server.takeRequest(5, TimeUnit.SECONDS);
                    server.takeRequest(5, TimeUnit.SECONDS);

                    feed(s).reload().get(10, TimeUnit.SECONDS);
                    RecordedRequest afterRejected = server.takeRequest(5, TimeUnit.SECONDS);
                    assertThat(afterRejected.getHeaders().get("If-None-Match")).as("validators of the rejected copy are not kept")
                            .isEqualTo("\"v2\"");
                }
            }
        }

        @Test
        void aDownloadCutShortIsRejected() throws Exception {
            AtomicReference<String> body = new AtomicReference<>(NETSET);
            try (MockWebServer server = server(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().body(body.get()).build();
                }
            })) {
                try (SourceFixture s = new SourceFixture("f", "type", "feed", "url", server.url("/n").toString()).start()) {
                    assertThat(feed(s).entries()).isEqualTo(5);
                }
            }
            try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                Thread t = new Thread(() -> {
                    try (Socket c = raw.accept()) {
                        c.getInputStream().read(new byte[4096]);
                        OutputStream out = c.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n192.0.2.1\n192.0.2.2\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException e) {
                        // the test fails on its own assertions
                    }
                });
                t.setDaemon(true);
                t.start();
                try (SourceFixture s = new SourceFixture("f", "type", "feed", "url",
                        "http://127.0.0.1:" + raw.getLocalPort() + "/feed").start()) {
                    assertThat(s.source.health().state()).isEqualTo(SourceHealth.State.SUSPENDED);
                    assertThat(s.source.health().reason()).contains("cut short");
                    assertThat(s.query("192.0.2.1")).isInstanceOf(SourceResult.Failed.class);
                }
            }
        }

        @Test
        void aDownloadOverTheSizeCapIsRejected() throws Exception {
            try (MockWebServer server = server(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().chunkedBody("192.0.2.1\n".repeat(500), 100).build();
                }
            })) {
                try (SourceFixture s = new SourceFixture("f", "type", "feed", "url", server.url("/n").toString(),
                        "max-size", "1KB").start()) {
                    assertThat(s.source.health().reason()).contains("larger than max-size (1KB)");
                }
            }
        }
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> new SourceFixture("f", "type", "feed"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.f.file");
        assertThatThrownBy(() -> new SourceFixture("f", "type", "feed", "file", "/x", "url", "http://127.0.0.1/x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("conflicts");
        assertThatThrownBy(() -> new SourceFixture("f", "type", "feed", "url", "/etc/list"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.f.url");
        assertThatThrownBy(() -> new SourceFixture("f", "type", "feed", "file", "ftp://x/y"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.f.file");
        assertThatThrownBy(() -> new SourceFixture("f", "type", "feed", "file", "/x", "max-shrink", "150"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.f.max-shrink");
        assertThatThrownBy(() -> new SourceFixture("f", "type", "feed", "file", "/x", "header.X", "y"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.f.header.X");
    }
}
