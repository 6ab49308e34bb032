package io.tocsin.core.httpjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Category;
import io.tocsin.core.SourceResult;
import io.tocsin.core.SourceResult.Failure;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.http.SourceFixture;
import io.tocsin.core.ip.IpAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code http-json} source against MockWebServer, and through it the limits every HTTP source
 * shares: timeouts, the in-flight cap, the response size cap, and bodies that are not JSON, cut
 * short, or wrongly typed.
 */
class HttpJsonSourceTest {

    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceFixture source(String... extra) {
        String[] base = {"type", "http-json", "url", "http://127.0.0.1:" + server.getPort() + "/reputation/{ip}?fields=all",
                "pointer", "/result/listed"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return new SourceFixture("rep", all).start();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static SourceResult.Failed failed(SourceResult r) {
        assertThat(r).isInstanceOf(SourceResult.Failed.class);
        return (SourceResult.Failed) r;
    }

    @Test
    void booleanAtThePointerWithHeadersAndIpInThePath() throws InterruptedException {
        server.enqueue(json("{\"result\":{\"listed\":true,\"why\":\"<b>botnet</b> C&C contact\"}}"));
        server.enqueue(json("{\"result\":{\"listed\":false}}"));
        try (SourceFixture s = source("header.X-Token", "s3cret", "reason-pointer", "/result/why")) {
            SourceResult r = s.query("2001:db8::66");
            assertThat(r).isInstanceOf(SourceResult.Listed.class);
            SourceResult.Listed l = (SourceResult.Listed) r;
            assertThat(l.listing().categories()).containsExactly(Category.INFECTED);
            assertThat(l.listing().codes()).containsExactly("true");
            assertThat(l.listing().reason()).as("untrusted text passed on as is").isEqualTo("<b>botnet</b> C&C contact");
            assertThat(s.query("192.0.2.1")).isEqualTo(SourceResult.NOT_LISTED);
        }
        RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(first.getUrl().encodedPath()).isEqualTo("/reputation/2001:db8::66");
        assertThat(first.getUrl().queryParameter("fields")).isEqualTo("all");
        assertThat(first.getHeaders().get("X-Token")).isEqualTo("s3cret");
        assertThat(first.getHeaders().get("User-Agent")).startsWith("tocsin/");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/reputation/192.0.2.1");
    }

    @Test
    void numbersNeedTheThreshold() {
        server.enqueue(json("{\"result\":{\"listed\":80}}"));
        server.enqueue(json("{\"result\":{\"listed\":79.5}}"));
        server.enqueue(json("{\"result\":{\"listed\":null}}"));
        try (SourceFixture s = source("threshold", "80", "category", "spam")) {
            SourceResult.Listed l = (SourceResult.Listed) s.query("192.0.2.2");
            assertThat(l.listing().categories()).containsExactly(Category.SPAM);
            assertThat(l.listing().codes()).containsExactly("80");
            assertThat(s.query("192.0.2.2")).isEqualTo(SourceResult.NOT_LISTED);
            assertThat(s.query("192.0.2.2")).as("null means not listed").isEqualTo(SourceResult.NOT_LISTED);
        }
        server.enqueue(json("{\"result\":{\"listed\":80}}"));
        try (SourceFixture s = source()) {
            assertThat(failed(s.query("192.0.2.2")).message()).contains("set threshold");
        }
    }

    @Test
    void wronglyTypedMissingNotJsonAndTruncatedBodiesAreErrors() {
        server.enqueue(json("{\"result\":{\"listed\":\"yes\"}}"));
        server.enqueue(json("{\"result\":{}}"));
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body("<html>maintenance</html>").build());
        server.enqueue(json("{\"result\":{\"listed\":true,\"why\":\"cut sh"));
        server.enqueue(json(""));
        server.enqueue(json("{\"result\":{\"listed\":true}} trailing"));
        try (SourceFixture s = source()) {
            assertThat(failed(s.query("192.0.2.3")).message()).contains("/result/listed").contains("not a boolean or a number");
            assertThat(failed(s.query("192.0.2.3")).message()).contains("nothing at pointer /result/listed");
            assertThat(failed(s.query("192.0.2.3")).message()).contains("not JSON");
            assertThat(failed(s.query("192.0.2.3")).message()).contains("truncated JSON");
            assertThat(failed(s.query("192.0.2.3")).message()).contains("empty answer");
            assertThat(failed(s.query("192.0.2.3")).message()).contains("not JSON");
        }
    }

    @Test
    void bodyCutShortByTheConnectionIsATruncationError() throws IOException {
        try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket c = raw.accept()) {
                    c.getInputStream().read(new byte[4096]);
                    OutputStream out = c.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"result\":")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the test fails on its own assertions
                }
            });
            t.setDaemon(true);
            t.start();
            try (SourceFixture s = new SourceFixture("rep", "type", "http-json", "url",
                    "http://127.0.0.1:" + raw.getLocalPort() + "/{ip}", "pointer", "/result").start()) {
                SourceResult.Failed f = failed(s.query("192.0.2.4"));
                assertThat(f.kind()).isEqualTo(Failure.ERROR);
                assertThat(f.message()).contains("truncated");
            }
        }
    }

    @Test
    void httpErrorsSayWhatHappenedWithoutTheAddress() {
        server.enqueue(new MockResponse.Builder().code(500).body("internal error while checking 192.0.2.5").build());
        server.enqueue(new MockResponse.Builder().code(403).body("{\"message\":\"bad token\"}").build());
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "http://elsewhere.invalid/").build());
        try (SourceFixture s = source()) {
            SourceResult.Failed e500 = failed(s.query("192.0.2.5"));
            assertThat(e500.message()).startsWith("HTTP 500").contains("<ip>").doesNotContain("192.0.2.5");
            assertThat(failed(s.query("192.0.2.5")).message()).contains("HTTP 403").contains("key").contains("bad token");
            assertThat(failed(s.query("192.0.2.5")).message()).contains("HTTP 302").contains("redirects");
        }
    }

    @Test
    void slowServiceTimesOut() {
        server.enqueue(new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).body("{\"result\":{\"listed\":true}}").build());
        try (SourceFixture s = source("timeout", "200ms")) {
            long start = System.nanoTime();
            SourceResult.Failed f = failed(s.query("192.0.2.6"));
            assertThat(f.kind()).isEqualTo(Failure.TIMEOUT);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2500);
        }
    }

    @Test
    void answerLargerThanTheCapIsAnError() {
        String big = "{\"result\":{\"listed\":true,\"padding\":\"" + "x".repeat(5000) + "\"}}";
        server.enqueue(json(big));
        server.enqueue(new MockResponse.Builder().code(200).chunkedBody(big, 512).build()); // no Content-Length
        try (SourceFixture s = source("max-response-size", "4KB")) {
            assertThat(failed(s.query("192.0.2.7")).message()).contains("larger than max-response-size (4KB)");
            assertThat(failed(s.query("192.0.2.7")).message()).contains("larger than max-response-size (4KB)");
        }
    }

    @Test
    void requestsOverTheInFlightCapAreRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(2);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                arrived.countDown();
                release.await(10, TimeUnit.SECONDS);
                return json("{\"result\":{\"listed\":false}}");
            }
        });
        try (SourceFixture s = source("max-in-flight", "2", "timeout", "10s")) {
            List<CompletableFuture<SourceResult>> running = new ArrayList<>();
            running.add(s.source.query(IpAddress.parse("192.0.2.8")).toCompletableFuture());
            running.add(s.source.query(IpAddress.parse("192.0.2.9")).toCompletableFuture());
            assertThat(arrived.await(10, TimeUnit.SECONDS)).as("both requests reached the server").isTrue();
            SourceResult.Failed third = failed(s.query("192.0.2.10"));
            assertThat(third.kind()).isEqualTo(Failure.OVERLOADED);
            assertThat(third.message()).contains("max-in-flight=2");
            release.countDown();
            for (CompletableFuture<SourceResult> f : running) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(SourceResult.NOT_LISTED);
            }
            assertThat(s.query("192.0.2.10")).as("capacity is back").isEqualTo(SourceResult.NOT_LISTED);
        }
    }

    @Test
    void connectionRefusedIsAnErrorResult() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (SourceFixture s = new SourceFixture("rep", "type", "http-json", "url", "http://127.0.0.1:" + port + "/{ip}",
                "pointer", "/x").start()) {
            SourceResult.Failed f = failed(s.query("192.0.2.11"));
            assertThat(f.kind()).isEqualTo(Failure.ERROR);
            assertThat(f.message()).as("names the server that refused").isEqualTo("connection refused by 127.0.0.1:" + port);
        }
    }

    @Test
    void tooManyRequestsPauses() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build());
        try (SourceFixture s = source()) {
            assertThat(failed(s.query("192.0.2.12")).kind()).isEqualTo(Failure.OVERLOADED);
            assertThat(failed(s.query("192.0.2.12")).message()).contains("paused until");
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> new SourceFixture("r", "type", "http-json", "url", "http://127.0.0.1/x", "pointer", "/a"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.r.url").hasMessageContaining("{ip}");
        assertThatThrownBy(() -> new SourceFixture("r", "type", "http-json", "url", "http://127.0.0.1/{ip}", "pointer", "a/b"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.r.pointer");
        assertThatThrownBy(() -> new SourceFixture("r", "type", "http-json", "url", "http://127.0.0.1/{ip}", "pointer", "/a",
                "timeout", "soon")).isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.sources.r.timeout");
        assertThatThrownBy(() -> new SourceFixture("r", "type", "http-json", "url", "http://127.0.0.1/{ip}", "pointer", "/a",
                "max-response-size", "lots")).isInstanceOf(ConfigException.class).hasMessageContaining("max-response-size");
    }
}
