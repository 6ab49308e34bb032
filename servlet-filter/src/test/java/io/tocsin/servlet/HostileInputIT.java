package io.tocsin.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile visitor, a hostile list or a sloppy application can send through the filter, over
 * real HTTP to an embedded Jetty (headers allowed up to 1 MB, so that the filter, not the container,
 * meets the 10,000-entry header). Nothing may give a 5xx, a notice to the wrong visitor, a header
 * or markup the attacker chose, or a changed page that should not change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    static final String LISTED = "192.0.2.66";
    static final String BIDI_REASON = "<script>alert(1)</script> \u202Emoc.elpmaxe\u202C \u2066isolate "
            + "\u0000\u0007 " + "x".repeat(10 * 1024);
    static final String BIDI_VISITOR = "192.0.2.98";
    static final String BANNER = "id=\"tocsin-banner\"";

    private Checker checker;
    private Server plain;
    private Server filtered;

    @BeforeAll
    void start() throws Exception {
        checker = Checker.builder()
                .source(new ListSource("bl", IpSet.parse(LISTED + ", 2001:db8::66"), Category.INFECTED))
                .source(new TestSources.FixedSource("hostile", io.tocsin.core.ip.IpAddress.parse(BIDI_VISITOR), BIDI_REASON))
                .build();
        TocsinFilter filter = new TocsinFilter(checker, FilterOptions.builder()
                .trustedProxies(IpSet.parse("127.0.0.1"))
                .lookupBudget(Duration.ofSeconds(2))
                .ackSecret(TestSources.SECRET)
                .build());
        plain = jetty(null);
        filtered = jetty(filter);
    }

    @AfterAll
    void stop() throws Exception {
        filtered.stop();
        plain.stop();
        checker.close();
    }

    private static Server jetty(TocsinFilter filter) throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(1 << 20);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new HostileSite()), "/");
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
        }
        server.setHandler(context);
        server.start();
        return server;
    }

    private static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private RawHttp.Response send(RawHttp.Request request) throws IOException {
        RawHttp.Response r = request.send(port(filtered));
        assertThat(r.status).as("status of %s %s", request.method, request.target).isLessThan(500);
        return r;
    }

    /** A site with pages that are hard on an injector. */
    static final class HostileSite extends HttpServlet {
        static final String HUGE = "<!DOCTYPE html><html><head><title>big</title></head><body>\n"
                + "<p>Grüße</p>\n".repeat(400_000) + "</body></html>\n"; // about 6 MB
        static final String PAGE = "<!DOCTYPE html><html><head><title>t</title></head><body><p>hello</p></body></html>\n";

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getServletPath()) {
                case "/page" -> write(response, "text/html;charset=UTF-8", PAGE.getBytes(StandardCharsets.UTF_8));
                case "/huge" -> write(response, "text/html;charset=UTF-8", HUGE.getBytes(StandardCharsets.UTF_8));
                case "/malformed" -> write(response, "text/html;charset=UTF-8",
                        "<html><head><title>x</ti<body <!-- <body> --".getBytes(StandardCharsets.UTF_8));
                case "/nul" -> write(response, "text/html;charset=UTF-8",
                        "<html>\0\0<bo\0dy><body\0><p>\uFFFD</p><body>".getBytes(StandardCharsets.UTF_8));
                case "/utf16" -> write(response, "text/html;charset=UTF-16", PAGE.getBytes(StandardCharsets.UTF_16));
                case "/utf16le-undeclared" -> write(response, "text/html", PAGE.getBytes(StandardCharsets.UTF_16LE));
                case "/cl-short" -> {
                    byte[] bytes = PAGE.getBytes(StandardCharsets.UTF_8);
                    response.setContentType("text/html;charset=UTF-8");
                    response.setContentLength(20); // the application lies: the page is longer
                    response.getOutputStream().write(bytes);
                }
                case "/cl-long" -> {
                    byte[] bytes = PAGE.getBytes(StandardCharsets.UTF_8);
                    response.setContentType("text/html;charset=UTF-8");
                    response.setContentLength(bytes.length + 1000); // the application lies: the page is shorter
                    response.getOutputStream().write(bytes);
                }
                case "/fail-after-body" -> {
                    response.setContentType("text/html;charset=UTF-8");
                    response.getWriter().write("<!DOCTYPE html><html><head><title>t</title></head><body><p>half a page");
                    throw new DeliberateFailure("the application failed after writing its body tag");
                }
                default -> response.sendError(404);
            }
        }

        private static void write(HttpServletResponse response, String type, byte[] bytes) throws IOException {
            response.setContentType(type);
            response.getOutputStream().write(bytes);
        }
    }

    @Nested
    class ForwardedHeaders {

        @Test
        void tenThousandEntriesTheRightmostListed() throws IOException {
            String header = Collections.nCopies(10_000, "198.51.100.7").stream().collect(Collectors.joining(", ")) + ", " + LISTED;
            RawHttp.Response r = send(RawHttp.get("/page").from(header));
            assertThat(r.text()).contains(BANNER);
        }

        @Test
        void tenThousandTrustedHopsAreWalkedToTheClient() throws IOException {
            String header = LISTED + ", " + Collections.nCopies(10_000, "127.0.0.1").stream().collect(Collectors.joining(", "));
            RawHttp.Response r = send(RawHttp.get("/page").from(header));
            assertThat(r.text()).as("every hop is the trusted proxy: the leftmost is the client").contains(BANNER);
        }

        @Test
        void tenThousandHeaderLinesAndAVeryLongValue() throws IOException {
            RawHttp.Request request = RawHttp.get("/page");
            for (int i = 0; i < 10_000; i++) {
                request.header("X-Forwarded-For", "198.51.100." + (i % 250));
            }
            assertThat(send(request).text()).doesNotContain(BANNER);
            RawHttp.Response longValue = send(RawHttp.get("/page").from("9".repeat(200_000)));
            assertThat(longValue.text()).doesNotContain(BANNER);
            RawHttp.Response longForwarded = send(RawHttp.get("/page").header("Forwarded",
                    "for=\"" + "\\\"".repeat(50_000) + "\", for=" + LISTED));
            assertThat(longForwarded.status).isEqualTo(200);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"3221226050", "0xc0.0.2.66", "0300.0000.0002.0102", "192.0.2.066", "192.0.2.66.", "192.000.2.66",
            "192.0.2", "192.0.2.66/32", "[192.0.2.66]", "192.0.2.66:99999", "192.0.2.66:", "192.0.2.66:-1", "_hidden", "unknown",
            "fe80::1%eth0", "[2001:db8::66%25eth0]", "2001:db8::66%eth0", "١٩٢.٠.٢.٦٦", "192\u00B7.0.2.66", "192.0.2.66\u00A0",
            "192.0.2.66 ,", "192.0.2.66;for=1.2.3.4"})
        void obfuscatedOrDecoratedAddressesAreNeverBelieved(String hop) throws IOException {
            RawHttp.Response r = send(RawHttp.get("/page").header("X-Forwarded-For", latin1(hop)));
            assertThat(r.text()).as("hop %s", hop).doesNotContain(BANNER);
            RawHttp.Response f = send(RawHttp.get("/page").header("Forwarded", "for=\"" + latin1(hop) + "\""));
            assertThat(f.text()).as("Forwarded hop %s", hop).doesNotContain(BANNER);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"192.0.2.66:443", "[2001:db8::66]:443", "2001:db8::66", "::ffff:192.0.2.66", "::ffff:c000:242",
            " 192.0.2.66 ", "[2001:DB8::66]"})
        void legitimateFormsAreRecognised(String hop) throws IOException {
            assertThat(send(RawHttp.get("/page").from(hop)).text()).as("hop %s", hop).contains(BANNER);
        }
    }

    @Nested
    class Pages {

        @Test
        void aHugePageGetsOneBannerAndIsOtherwiseUnchanged() throws IOException {
            RawHttp.Response r = send(RawHttp.get("/huge").from(LISTED));
            byte[] expected = HostileSite.HUGE.getBytes(StandardCharsets.UTF_8);
            String text = r.text();
            assertThat(text.indexOf(BANNER)).isPositive();
            assertThat(text.indexOf(BANNER, text.indexOf(BANNER) + 1)).isEqualTo(-1);
            assertThat(r.body.length).isGreaterThan(expected.length);
            assertThat(text.substring(text.indexOf("</div>", text.indexOf(BANNER)) + 6))
                    .isEqualTo(HostileSite.HUGE.substring(HostileSite.HUGE.indexOf("<body>") + 6));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/malformed", "/utf16", "/utf16le-undeclared"})
        void pagesWithoutAReadableBodyTagAreLeftUntouched(String path) throws IOException {
            RawHttp.Response expected = RawHttp.get(path).from(LISTED).send(port(plain));
            RawHttp.Response actual = send(RawHttp.get(path).from(LISTED));
            assertThat(actual.status).isEqualTo(expected.status);
            assertThat(actual.body).as("body of %s", path).isEqualTo(expected.body);
            assertThat(actual.header("Tocsin-Notice")).isNull();
        }

        @Test
        void nulBytesAndDecoysGetAtMostOneBanner() throws IOException {
            RawHttp.Response r = send(RawHttp.get("/nul").from(LISTED));
            String text = r.text();
            assertThat(text.indexOf(BANNER, text.indexOf(BANNER) + 1)).isEqualTo(-1);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/cl-short", "/cl-long"})
        void anApplicationThatLiesInContentLengthFaresNoWorseWithTheFilter(String path) throws IOException {
            RawHttp.Response expected;
            try {
                expected = RawHttp.get(path).from(LISTED).send(port(plain));
            } catch (IOException e) {
                expected = null; // the container itself cut the connection
            }
            RawHttp.Response clean;
            try {
                clean = RawHttp.get(path).send(port(filtered));
            } catch (IOException e) {
                clean = null;
            }
            if (expected == null) {
                assertThat(clean).as("clean visitor: the container's own behaviour").isNull();
            } else {
                assertThat(clean).isNotNull();
                assertThat(clean.status).isEqualTo(expected.status);
                assertThat(clean.text().replaceAll(":\\d+/", ":PORT/"))
                        .as("clean visitor: the application's bytes").isEqualTo(expected.text().replaceAll(":\\d+/", ":PORT/"));
            }
            RawHttp.Response listed;
            try {
                listed = RawHttp.get(path).from(LISTED).send(port(filtered));
            } catch (IOException e) {
                listed = null;
            }
            if (listed != null) {
                System.out.println(path + " listed visitor: " + listed.statusLine + " " + listed.headerLines);
                if (expected != null && expected.status < 500) {
                    assertThat(listed.status).as("no 5xx where the application alone had none").isLessThan(500);
                }
                String length = listed.header("Content-Length");
                if (length != null) {
                    assertThat(Integer.parseInt(length)).as("a Content-Length the filter sends is true").isEqualTo(listed.body.length);
                }
            }
        }
    }

    @Nested
    class Reasons {

        @Test
        void markupControlsAndBidiOverridesFromAListAreNeutralisedAndTruncated() throws IOException {
            RawHttp.Response r = send(RawHttp.get("/_tocsin/notice").from(BIDI_VISITOR));
            assertThat(r.status).isEqualTo(200);
            String page = r.text();
            assertThat(page).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)");
            assertThat(page).as("bidi controls, raw or as references").doesNotContain("\u202E", "\u2066", "&#8238;", "&#8294;", "&#x202e;");
            assertThat(page).doesNotContain("\u0000", "\u0007");
            assertThat(page).doesNotContain("x".repeat(1001));
            RawHttp.Response json = send(RawHttp.get("/_tocsin/verdict").from(BIDI_VISITOR));
            assertThat(json.status).isEqualTo(200);
            // the JSON carries the list's text as data; it is safe as long as no browser renders it as HTML
            assertThat(json.header("Content-Type")).startsWith("application/json");
            assertThat(json.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Nested
    class Acknowledgement {

        private String cookieFor(String ip) throws IOException {
            RawHttp.Response r = send(RawHttp.post("/_tocsin/ack").from(ip).form("return=%2Fpage"));
            assertThat(r.status).isEqualTo(303);
            String setCookie = r.header("Set-Cookie");
            return setCookie.substring(0, setCookie.indexOf(';'));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"%2Fpage%0D%0ASet-Cookie%3A%20evil%3D1", "%2Fpage%0ALocation%3A%20https%3A%2F%2Fevil.example",
            "%2F%2Fevil.example", "%2F%5Cevil.example", "%2F%09%2Fevil.example", "https%3A%2F%2Fevil.example",
            "%2F%252F%252Fevil.example", "%2F%25252F%25252Fevil.example", "javascript%3Aalert(1)", "%2F%E2%80%AEevil",
            "%2Fpage%00", "%20%2F%2Fevil.example"})
        void headerInjectionAndOpenRedirectAttemptsGoHome(String encodedReturn) throws IOException {
            RawHttp.Response r = send(RawHttp.post("/_tocsin/ack").from(LISTED).form("return=" + encodedReturn));
            assertThat(r.status).isEqualTo(303);
            assertThat(r.header("Location")).as("return %s", encodedReturn).isIn("/", "http://127.0.0.1:" + port(filtered) + "/");
            assertThat(r.headerLines).noneMatch(h -> h.toLowerCase().contains("evil"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"Sec-Fetch-Site: cross-site", "Origin: https://evil.example", "Origin: null",
            "Origin: http://127.0.0.1.evil.example", "Origin: http://127.0.0.1:1"})
        void crossSitePostsAreRefused(String header) throws IOException {
            String[] h = header.split(": ", 2);
            RawHttp.Response r = send(RawHttp.post("/_tocsin/ack").from(LISTED).header(h[0], h[1]).form("return=%2Fpage"));
            assertThat(r.status).isEqualTo(403);
            assertThat(r.header("Set-Cookie")).isNull();
        }

        @Test
        void tamperedForeignReplayedAndGarbageCookiesCountAsNone() throws IOException {
            String own = cookieFor(LISTED);
            assertThat(send(RawHttp.get("/page").from(LISTED).header("Cookie", own)).text()).as("the real cookie works").doesNotContain(BANNER);

            String value = own.substring(own.indexOf('=') + 1);
            List<String> bad = new ArrayList<>(List.of(
                    cookieFor("192.0.2.67"), // another visitor's: replayed from another address
                    own.substring(0, own.length() - 1) + (own.endsWith("A") ? "B" : "A"), // one character changed
                    "tocsin_ack=" + value.replace('.', '|'),
                    "tocsin_ack=" + "A".repeat(10_000),
                    "tocsin_ack=",
                    "tocsin_ack=%00%0d%0a",
                    "tocsin_ack=" + value + "." + value));
            for (String cookie : bad) {
                RawHttp.Response r = send(RawHttp.get("/page").from(LISTED).header("Cookie", latin1(cookie)));
                assertThat(r.text()).as("cookie %s", cookie.length() > 80 ? cookie.substring(0, 80) + "…" : cookie).contains(BANNER);
            }
            RawHttp.Response both = send(RawHttp.get("/page").from("192.0.2.67").header("Cookie", own));
            assertThat(both.status).isEqualTo(200);
        }
    }

    /** Header text as ISO-8859-1 can carry it (RawHttp writes heads as ISO-8859-1). */
    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
