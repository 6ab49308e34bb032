package io.tocsin.servlet;

import static io.tocsin.servlet.RawHttp.get;
import static io.tocsin.servlet.RawHttp.head;
import static io.tocsin.servlet.RawHttp.post;
import static io.tocsin.servlet.TestSources.CLEAN;
import static io.tocsin.servlet.TestSources.CLEAN_PEER;
import static io.tocsin.servlet.TestSources.HOSTILE;
import static io.tocsin.servlet.TestSources.LISTED;
import static io.tocsin.servlet.TestSources.LISTED_PEER;
import static io.tocsin.servlet.TestSources.LISTED_TOO;
import static io.tocsin.servlet.TestSources.POLICY_ONLY;
import static io.tocsin.servlet.TestSources.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.servlet.ack.AckCookie;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter's HTTP contract (DESIGN.md, "HTTP behaviour of the filter"), over a real socket. Each
 * response from the filtered application is compared, as raw bytes, with the response of the same
 * application without the filter. Subclasses pick the container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilterContractTests {

    static final String BANNER_START = "<div id=\"tocsin-banner\"";

    final Container.Factory kind;
    final List<AutoCloseable> closeables = new ArrayList<>();
    final ConcurrentHashMap<Mode, AtomicInteger> notices = new ConcurrentHashMap<>();
    Checker checker;
    Container plain;
    Container banner;
    Container interstitial;
    Container block;
    Container observe;
    Container hanging;
    Container disabled;

    FilterContractTests(Container.Factory kind) {
        this.kind = kind;
    }

    @BeforeAll
    void start() {
        checker = checker();
        closeables.add(checker);
        plain = started(null);
        banner = started(new TocsinFilter(checker, options(Mode.BANNER).build()));
        interstitial = started(new TocsinFilter(checker, options(Mode.INTERSTITIAL).build()));
        block = started(new TocsinFilter(checker, options(Mode.BLOCK).blockAllow(List.of("/help/**")).build()));
        observe = started(new TocsinFilter(checker, options(Mode.OBSERVE).build()));
        Checker slow = TestSources.hanging();
        closeables.add(slow);
        hanging = started(new TocsinFilter(slow, FilterOptions.builder().trustedProxies(IpSet.parse("127.0.0.1"))
                .lookupBudget(Duration.ofMillis(20)).build()));
        disabled = started(new TocsinFilter(checker, FilterOptions.builder().enabled(false)
                .trustedProxies(IpSet.parse("127.0.0.1")).build()));
    }

    /** The checker of every container but the hanging one; a subclass may configure it differently. */
    Checker checker() {
        return TestSources.checker();
    }

        FilterOptions.Builder options(Mode mode) {
        return FilterOptions.builder()
                .mode(mode)
                .trustedProxies(IpSet.parse("127.0.0.1"))
                .lookupBudget(Duration.ofSeconds(2))
                .ackSecret(SECRET)
                .noticeListener(m -> notices.computeIfAbsent(m, k -> new AtomicInteger()).incrementAndGet());
    }

    Container started(TocsinFilter filter) {
        Container c = kind.start(filter, new TestSite());
        closeables.add(c);
        return c;
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    // ---- helpers

    /** The same request to the plain application and to {@code filtered}; asserts the responses are identical but for Date. */
    RawHttp.Response assertUntouched(Container filtered, RawHttp.Request request) throws IOException {
        RawHttp.Response expected = request.send(plain.port());
        RawHttp.Response actual = request.send(filtered.port());
        assertThat(actual.statusLine).as("status line of %s %s", request.method, request.target).isEqualTo(expected.statusLine);
        assertThat(actual.comparableHeaders()).as("headers of %s %s", request.method, request.target)
                .isEqualTo(expected.comparableHeaders());
        assertThat(withoutPort(actual.body, filtered.port())).as("body bytes of %s %s", request.method, request.target)
                .isEqualTo(withoutPort(expected.body, plain.port()));
        return actual;
    }

    /** Error pages name the request URL, port included: the only byte that differs between two servers. */
    static byte[] withoutPort(byte[] body, int port) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        return text.replace(":" + port + "/", ":PORT/").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The body without the one banner it must hold; asserts it sits right after {@code bodyTag}. */
    static byte[] withoutBanner(RawHttp.Response response, String bodyTag) {
        byte[] body = response.body;
        byte[] start = BANNER_START.getBytes(StandardCharsets.US_ASCII);
        int at = RawHttp.indexOf(body, start, 0);
        assertThat(at).as("banner in\n%s", response).isGreaterThanOrEqualTo(0);
        assertThat(RawHttp.indexOf(body, start, at + 1)).as("a second banner").isEqualTo(-1);
        int end = RawHttp.indexOf(body, "</div>".getBytes(StandardCharsets.US_ASCII), at) + "</div>".length();
        byte[] tag = bodyTag.getBytes(StandardCharsets.UTF_8);
        assertThat(RawHttp.indexOf(body, tag, 0) + tag.length).as("banner right after %s", bodyTag).isEqualTo(at);
        byte[] out = new byte[body.length - (end - at)];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(body, end, out, at, body.length - end);
        return out;
    }

    static final String PAGE_BODY_TAG = "<BODY class=\"home a>b\" data-x='<body>'>";

    /** Asserts {@code filtered} sends the plain response plus the banner, with the contract's headers. */
    RawHttp.Response assertBanner(RawHttp.Request request, String bodyTag) throws IOException {
        RawHttp.Response expected = request.send(plain.port());
        RawHttp.Response actual = request.send(banner.port());
        assertThat(actual.status).as("status of %s", request.target).isEqualTo(200);
        assertThat(withoutBanner(actual, bodyTag)).as("body minus banner of %s", request.target).isEqualTo(expected.body);
        assertThat(actual.header("Cache-Control")).as("Cache-Control").isEqualTo("private, no-store");
        assertThat(actual.header("Tocsin-Notice")).as("Tocsin-Notice").isEqualTo("banner");
        assertThat(actual.header("ETag")).as("ETag").isNull();
        assertThat(actual.header("Last-Modified")).as("Last-Modified").isNull();
        String length = actual.header("Content-Length");
        if (length != null) {
            assertThat(Integer.parseInt(length)).as("Content-Length").isEqualTo(actual.body.length);
        }
        assertThat(actual.header("Content-Type")).as("Content-Type").isEqualTo(expected.header("Content-Type"));
        return actual;
    }

    String ackCookie(String ip) throws IOException {
        RawHttp.Response r = post("/_tocsin/ack").from(ip).form("return=%2Fpage").send(banner.port());
        assertThat(r.status).as("ack status").isEqualTo(303);
        String setCookie = r.header("Set-Cookie");
        assertThat(setCookie).as("Set-Cookie").startsWith(AckCookie.NAME + "=");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    // ---- clean visitors, unknown verdicts, notify=false: exactly what the application sent

    @Nested
    class Untouched {

        @ParameterizedTest
        @ValueSource(strings = {"/page", "/stream", "/cl", "/latin1", "/utf16", "/etag", "/nobody", "/big", "/json",
            "/attachment", "/gzip", "/late-type", "/reset", "/flush", "/error", "/redirect", "/empty", "/no-content",
            "/async", "/async-dispatch", "/missing"})
        void cleanVisitorGetsTheApplicationsBytes(String path) throws IOException {
            assertUntouched(banner, get(path).from(CLEAN));
            assertUntouched(interstitial, get(path).from(CLEAN));
            assertUntouched(block, get(path).from(CLEAN));
        }

        @Test
        void cleanVisitorConditionalRequestStillGets304() throws IOException {
            RawHttp.Response r = assertUntouched(banner, get("/etag").from(CLEAN).header("If-None-Match", "\"v1\""));
            assertThat(r.status).as("a clean visitor keeps the 304").isEqualTo(304);
        }

        @Test
        void unknownVerdictFailsOpen() throws IOException {
            assertUntouched(hanging, get("/page").from(LISTED));
            assertUntouched(hanging, get("/stream").from(LISTED_TOO));
        }

        @Test
        void policyListingDoesNotNotify() throws IOException {
            assertUntouched(banner, get("/page").from(POLICY_ONLY));
            assertUntouched(block, get("/page").from(POLICY_ONLY));
        }

        @Test
        void disabledFilterDoesNothingAtAll() throws IOException {
            assertUntouched(disabled, get("/page").from(LISTED));
            assertUntouched(disabled, get("/_tocsin/notice").from(LISTED));
        }

        @Test
        void observeModeChangesNoResponse() throws IOException {
            assertUntouched(observe, get("/page").from(LISTED));
            RawHttp.Response r = get("/observe").from(LISTED).send(observe.port());
            assertThat(r.text()).as("verdict attribute seen by the application").isEqualTo(LISTED + " notify=true");
            r = get("/observe").from(CLEAN).send(observe.port());
            assertThat(r.text()).as("verdict attribute for a clean visitor").isEqualTo(CLEAN + " notify=false");
        }

        @Test
        void applicationFailureIsTheApplications() throws IOException {
            // the container's error page may show a stack trace, which names the filter: compare the rest
            RawHttp.Response expected = get("/boom").from(LISTED).send(plain.port());
            RawHttp.Response r = get("/boom").from(LISTED).send(banner.port());
            assertThat(r.statusLine).as("the application's own 500").isEqualTo(expected.statusLine);
            assertThat(r.header("Content-Type")).as("Content-Type").isEqualTo(expected.header("Content-Type"));
            assertThat(r.header("Tocsin-Notice")).as("no notice on an error").isNull();
            assertThat(r.text()).as("no banner on an error").doesNotContain(BANNER_START);
        }
    }

    // ---- banner

    @Nested
    class Banner {

        @ParameterizedTest
        @ValueSource(strings = {"/page", "/stream", "/cl", "/latin1", "/flush", "/reset", "/async", "/async-dispatch", "/"})
        void listedVisitorGetsTheBannerAfterTheBodyTag(String path) throws IOException {
            int before = count(Mode.BANNER);
            assertBanner(get(path).from(LISTED), PAGE_BODY_TAG);
            assertThat(count(Mode.BANNER)).as("notice listener told").isEqualTo(before + 1);
        }

        @Test
        void lateContentTypeStillGetsTheBanner() throws IOException {
            assertBanner(get("/late-type").from(LISTED), "<body>");
        }

        @Test
        void contentLengthGrowsByTheBanner() throws IOException {
            RawHttp.Response r = assertBanner(get("/cl").from(LISTED), PAGE_BODY_TAG);
            assertThat(r.header("Content-Length")).as("Content-Length of a page that declared one").isNotNull();
        }

        @Test
        void conditionalRequestCannotHideTheBanner() throws IOException {
            RawHttp.Request request = get("/etag").from(LISTED).header("If-None-Match", "\"v1\"")
                    .header("If-Modified-Since", "Sun, 01 Jan 2034 00:00:00 GMT");
            RawHttp.Response r = request.send(banner.port());
            assertThat(r.status).as("no 304 for a page that gets a notice").isEqualTo(200);
            assertThat(withoutBanner(r, PAGE_BODY_TAG)).as("the full page").isEqualTo(TestSite.PAGE.getBytes(StandardCharsets.UTF_8));
            assertThat(r.header("ETag")).as("ETag dropped").isNull();
            assertThat(r.header("Last-Modified")).as("Last-Modified dropped").isNull();
            assertThat(r.header("Cache-Control")).as("Cache-Control").isEqualTo("private, no-store");
        }

        /**
         * A page without a body tag goes out as the application wrote it; only its framing may differ,
         * since flushes are deferred while the tag is awaited (so the container may count the length).
         */
        @Test
        void pageWithoutBodyTagIsPassedThrough() throws IOException {
            RawHttp.Request request = get("/nobody").from(LISTED);
            RawHttp.Response expected = request.send(plain.port());
            RawHttp.Response actual = request.send(banner.port());
            assertThat(actual.statusLine).as("status line").isEqualTo(expected.statusLine);
            assertThat(actual.body).as("body").isEqualTo(expected.body);
            assertThat(actual.header("Content-Type")).as("Content-Type").isEqualTo(expected.header("Content-Type"));
            assertThat(actual.header("Tocsin-Notice")).as("no notice header").isNull();
            assertThat(actual.header("Cache-Control")).as("no Cache-Control added").isNull();
            String length = actual.header("Content-Length");
            if (length != null) {
                assertThat(Integer.parseInt(length)).as("Content-Length").isEqualTo(actual.body.length);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"/json", "/attachment", "/gzip", "/big", "/utf16", "/error", "/redirect",
            "/empty", "/no-content", "/app.css", "/missing"})
        void responsesThatCannotCarryABannerAreUntouched(String path) throws IOException {
            assertUntouched(banner, get(path).from(LISTED));
        }

        @Test
        void headIsUntouched() throws IOException {
            assertUntouched(banner, head("/page").from(LISTED));
        }

        @Test
        void postIsNeverIntercepted() throws IOException {
            assertUntouched(banner, post("/form").from(LISTED).form("name=abc"));
            assertUntouched(interstitial, post("/form").from(LISTED).form("name=abc"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"empty", "script", "style", "image"})
        void subresourceFetchesAreUntouched(String dest) throws IOException {
            assertUntouched(banner, get("/page").from(LISTED).header("Sec-Fetch-Dest", dest));
            assertUntouched(interstitial, get("/page").from(LISTED).header("Sec-Fetch-Dest", dest));
        }

        @Test
        void xhrIsUntouched() throws IOException {
            assertUntouched(banner, get("/page").from(LISTED).header("X-Requested-With", "XMLHttpRequest"));
        }

        @Test
        void framesAndDocumentsGetTheBanner() throws IOException {
            assertBanner(get("/page").from(LISTED).header("Sec-Fetch-Dest", "iframe"), PAGE_BODY_TAG);
            assertBanner(get("/page").from(LISTED).header("Sec-Fetch-Dest", "document"), PAGE_BODY_TAG);
        }

        @Test
        void bannerSpeaksTheVisitorsLanguageInAscii() throws IOException {
            RawHttp.Response r = get("/page").from(LISTED).header("Accept-Language", "de-AT, de;q=0.9, en;q=0.5")
                    .send(banner.port());
            String body = r.text();
            assertThat(body).as("German banner").contains(BANNER_START + " role=\"alert\" aria-label=\"Sicherheitshinweis\" lang=\"de\"");
            assertThat(body).as("umlaut as a character reference").contains("Ger&#228;t");
            assertThat(body).as("dismiss is a form post").contains("<form class=\"tocsin-banner-dismiss\" method=\"post\" action=\"/_tocsin/ack\">");
            assertThat(body).as("return path in the form").contains("<input type=\"hidden\" name=\"return\" value=\"/page\">");
            assertThat(body).as("stylesheet from the site").contains("<link rel=\"stylesheet\" href=\"/_tocsin/tocsin.css\">");
        }

        @Test
        void ipv6VisitorGetsTheBanner() throws IOException {
            assertBanner(get("/page").from("2001:db8::66"), PAGE_BODY_TAG);
        }
    }

    // ---- acknowledgement

    @Nested
    class Acknowledgement {

        @Test
        void ackSetsTheCookieAndHidesTheBanner() throws IOException {
            RawHttp.Response r = post("/_tocsin/ack").from(LISTED).form("return=%2Fpage%3Fa%3D1")
                    .header("Origin", "http://127.0.0.1:" + banner.port()).header("Sec-Fetch-Site", "same-origin")
                    .send(banner.port());
            assertThat(r.status).as("ack status").isEqualTo(303);
            assertThat(r.header("Location")).as("back to the page").isEqualTo("/page?a=1");
            String setCookie = r.header("Set-Cookie");
            assertThat(setCookie).as("cookie attributes").matches("tocsin_ack=\\d+\\.[A-Za-z0-9_-]+; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            assertUntouched(banner, get("/page").from(LISTED).header("Cookie", cookie));
            assertUntouched(interstitial, get("/page").from(LISTED).header("Cookie", cookie));
            RawHttp.Response kept = assertUntouched(banner, get("/etag").from(LISTED).header("Cookie", cookie)
                    .header("If-None-Match", "\"v1\""));
            assertThat(kept.status).as("304 again once acknowledged").isEqualTo(304);
        }

        @Test
        void tamperedCookieCountsAsNone() throws IOException {
            String cookie = ackCookie(LISTED);
            char last = cookie.charAt(cookie.length() - 1);
            String tampered = cookie.substring(0, cookie.length() - 1) + (last == 'A' ? 'B' : 'A');
            assertBanner(get("/page").from(LISTED).header("Cookie", tampered), PAGE_BODY_TAG);
            String extended = cookie.replaceFirst("=(\\d+)\\.", "=9$1.");
            assertBanner(get("/page").from(LISTED).header("Cookie", extended), PAGE_BODY_TAG);
            assertBanner(get("/page").from(LISTED).header("Cookie", AckCookie.NAME + "=garbage"), PAGE_BODY_TAG);
        }

        @Test
        void expiredCookieCountsAsNone() throws IOException {
            AckCookie signer = new AckCookie(SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofHours(24), Clock.systemUTC());
            long past = System.currentTimeMillis() / 1000 - 10;
            String expired = AckCookie.NAME + "=" + signer.value(IpAddress.parse(LISTED), past);
            assertBanner(get("/page").from(LISTED).header("Cookie", expired), PAGE_BODY_TAG);
            String valid = AckCookie.NAME + "=" + signer.value(IpAddress.parse(LISTED), past + 3600);
            assertUntouched(banner, get("/page").from(LISTED).header("Cookie", valid));
        }

        @Test
        void cookieOfAnotherAddressCountsAsNone() throws IOException {
            String cookie = ackCookie(LISTED);
            assertBanner(get("/page").from(LISTED_TOO).header("Cookie", cookie), PAGE_BODY_TAG);
        }

        @Test
        void ackDoesNotLiftABlock() throws IOException {
            String cookie = ackCookie(LISTED);
            RawHttp.Response r = get("/page").from(LISTED).header("Cookie", cookie).send(block.port());
            assertThat(r.status).as("still blocked").isEqualTo(403);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Sec-Fetch-Site: cross-site", "Origin: https://evil.example", "Origin: null",
            "Origin: http://127.0.0.1:1"})
        void crossSitePostIsRefused(String header) throws IOException {
            String[] h = header.split(": ", 2);
            RawHttp.Response r = post("/_tocsin/ack").from(LISTED).form("return=%2Fpage").header(h[0], h[1]).send(banner.port());
            assertThat(r.status).as("status for %s", header).isEqualTo(403);
            assertThat(r.header("Set-Cookie")).as("no cookie for %s", header).isNull();
        }

        @Test
        void ownPageUnderNoReferrerPolicyCanAcknowledge() throws IOException {
            // regression: Chromium sends "Origin: null" with same-origin posts from a page served with
            // Referrer-Policy: no-referrer (as the notice page once was), so "continue" did nothing
            RawHttp.Response r = post("/_tocsin/ack").from(LISTED).form("return=%2Fpage")
                    .header("Origin", "null").header("Sec-Fetch-Site", "same-origin").send(banner.port());
            assertThat(r.status).as("status").isEqualTo(303);
            assertThat(r.header("Set-Cookie")).as("ack cookie").startsWith("tocsin_ack=");
        }

        @ParameterizedTest
        @ValueSource(strings = {"%2F%2Fevil.example", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example",
            "%2F%252F%252Fevil.example", "%2Fpage%0D%0ASet-Cookie%3A+x%3Dy", "javascript%3Aalert(1)", "evil.example",
            "%2F%09%2Fevil.example", "", "%20%2Fpage"})
        void openRedirectAttemptsGoHome(String encodedReturn) throws IOException {
            RawHttp.Response r = post("/_tocsin/ack").from(LISTED).form("return=" + encodedReturn).send(banner.port());
            assertThat(r.status).as("status for %s", encodedReturn).isEqualTo(303);
            assertThat(r.header("Location")).as("Location for %s", encodedReturn).isEqualTo("/");
        }

        @Test
        void ackWantsPost() throws IOException {
            RawHttp.Response r = get("/_tocsin/ack").from(LISTED).send(banner.port());
            assertThat(r.status).as("GET on ack").isEqualTo(405);
            assertThat(r.header("Set-Cookie")).as("no cookie from a GET").isNull();
        }
    }

    // ---- endpoints

    @Nested
    class Endpoints {

        @Test
        void noticePageDescribesTheListingWithProtectiveHeaders() throws IOException {
            RawHttp.Response r = get("/_tocsin/notice?return=%2Fpage").from(LISTED).send(banner.port());
            assertThat(r.status).as("status").isEqualTo(200);
            assertThat(r.header("Cache-Control")).as("Cache-Control").isEqualTo("no-store");
            assertThat(r.header("X-Frame-Options")).as("X-Frame-Options").isEqualTo("DENY");
            assertThat(r.header("Content-Security-Policy")).as("CSP").contains("frame-ancestors 'none'");
            assertThat(r.header("Content-Type")).as("Content-Type").isEqualToIgnoringCase("text/html;charset=UTF-8");
            String page = r.text();
            assertThat(page).as("language").contains("<html lang=\"en\">");
            assertThat(page).as("the list").contains("<td class=\"tocsin-source\">bl</td>");
            assertThat(page).as("the address").contains(LISTED);
            assertThat(page).as("continue button returns to the page")
                    .contains("<input type=\"hidden\" name=\"return\" value=\"/page\">");
        }

        @Test
        void noticePageInFrenchAndSpanish() throws IOException {
            assertThat(get("/_tocsin/notice").from(LISTED).header("Accept-Language", "fr-CH").send(banner.port()).text())
                    .as("French").contains("<html lang=\"fr\">").contains("Que faire");
            assertThat(get("/_tocsin/notice").from(LISTED).header("Accept-Language", "es;q=0.8, xx").send(banner.port()).text())
                    .as("Spanish").contains("<html lang=\"es\">").contains("Qué hacer");
            assertThat(get("/_tocsin/notice").from(LISTED).header("Accept-Language", "ja").send(banner.port()).text())
                    .as("fallback").contains("<html lang=\"en\">");
        }

        @Test
        void hostileReasonIsEscaped() throws IOException {
            String page = get("/_tocsin/notice").from(HOSTILE).send(banner.port()).text();
            assertThat(page).as("no raw markup from the list").doesNotContain("<script>alert").doesNotContain("<img src=x");
            assertThat(page).as("escaped reason").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more");
        }

        @Test
        void noticeReturnParameterCannotRedirectOffSite() throws IOException {
            String page = get("/_tocsin/notice?return=%2F%2Fevil.example").from(LISTED).send(banner.port()).text();
            assertThat(page).as("unsafe return replaced").contains("name=\"return\" value=\"/\"").doesNotContain("evil.example");
        }

        @Test
        void noticeForCleanVisitorSaysSo() throws IOException {
            String page = get("/_tocsin/notice").from(CLEAN).send(banner.port()).text();
            assertThat(page).as("clean status").contains("is not listed as infected");
        }

        @Test
        void verdictIsTheVisitorsOwnAsJson() throws IOException {
            RawHttp.Response r = get("/_tocsin/verdict").from(LISTED).send(banner.port());
            assertThat(r.status).as("status").isEqualTo(200);
            assertThat(r.header("Cache-Control")).as("Cache-Control").isEqualTo("no-store");
            assertThat(r.header("Content-Type")).as("Content-Type").startsWith("application/json");
            assertThat(r.text()).as("JSON").startsWith("{\"ip\":\"" + LISTED + "\",\"listed\":true,\"notify\":true,\"categories\":[\"infected\"]");
        }

        @Test
        void stylesheetIsServed() throws IOException {
            RawHttp.Response r = get("/_tocsin/tocsin.css").from(LISTED).send(block.port());
            assertThat(r.status).as("status, even when blocked").isEqualTo(200);
            assertThat(r.header("Content-Type")).as("Content-Type").startsWith("text/css");
            assertThat(r.text()).as("banner styles").contains("#tocsin-banner");
        }

        @Test
        void unknownEndpointIs404() throws IOException {
            assertThat(get("/_tocsin/nothing").from(LISTED).send(banner.port()).status).as("status").isEqualTo(404);
        }
    }

    // ---- interstitial and block

    @Nested
    class InterstitialAndBlock {

        @Test
        void interstitialRedirectsNavigationsToTheNotice() throws IOException {
            int before = count(Mode.INTERSTITIAL);
            RawHttp.Response r = get("/page?x=1&y=%C3%A9").from(LISTED).send(interstitial.port());
            assertThat(r.status).as("status").isEqualTo(303);
            assertThat(r.header("Location")).as("Location").isEqualTo("/_tocsin/notice?return=%2Fpage%3Fx%3D1%26y%3D%25C3%25A9");
            assertThat(r.header("Tocsin-Notice")).as("Tocsin-Notice").isEqualTo("interstitial");
            assertThat(r.header("Cache-Control")).as("Cache-Control").isEqualTo("private, no-store");
            assertThat(count(Mode.INTERSTITIAL)).as("listener").isEqualTo(before + 1);
            String page = get(r.header("Location")).from(LISTED).send(interstitial.port()).text();
            assertThat(page).as("notice comes back to the page").contains("name=\"return\" value=\"/page?x=1&amp;y=%C3%A9\"");
            RawHttp.Response ack = post("/_tocsin/ack").from(LISTED).form("return=" + java.net.URLEncoder.encode("/page?x=1&y=%C3%A9", StandardCharsets.UTF_8))
                    .send(interstitial.port());
            assertThat(ack.header("Location")).as("ack returns").isEqualTo("/page?x=1&y=%C3%A9");
        }

        @Test
        void interstitialLeavesNonNavigationsAlone() throws IOException {
            assertUntouched(interstitial, get("/json").from(LISTED).header("Accept", "application/json"));
            assertUntouched(interstitial, head("/page").from(LISTED));
            assertUntouched(interstitial, get("/app.css").from(LISTED));
        }

        @Test
        void blockAnswers403WithTheNotice() throws IOException {
            int before = count(Mode.BLOCK);
            RawHttp.Response r = get("/page").from(LISTED).send(block.port());
            assertThat(r.status).as("status").isEqualTo(403);
            assertThat(r.header("Tocsin-Notice")).as("Tocsin-Notice").isEqualTo("block");
            assertThat(r.header("Cache-Control")).as("Cache-Control").isEqualTo("private, no-store");
            assertThat(r.text()).as("notice page without continue").contains("tocsin-notice").doesNotContain("tocsin-continue");
            assertThat(count(Mode.BLOCK)).as("listener").isEqualTo(before + 1);
            assertThat(post("/form").from(LISTED).form("name=x").send(block.port()).status).as("POST blocked too").isEqualTo(403);
            assertThat(get("/app.css").from(LISTED).send(block.port()).status).as("assets blocked too").isEqualTo(403);
        }

        @Test
        void blockAllowListIsServed() throws IOException {
            assertUntouched(block, get("/help/faq").from(LISTED));
        }
    }

    // ---- client address

    @Nested
    class ClientAddress {

        @Test
        void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws IOException {
            assertUntouched(banner, get("/page").bind(CLEAN_PEER).header("X-Forwarded-For", LISTED));
            assertUntouched(banner, get("/page").bind(CLEAN_PEER).header("Forwarded", "for=" + LISTED));
            assertBanner(get("/page").bind(LISTED_PEER).header("X-Forwarded-For", CLEAN), PAGE_BODY_TAG);
        }

        @Test
        void chainIsWalkedFromTheRight() throws IOException {
            assertBanner(get("/page").header("X-Forwarded-For", LISTED + ", 127.0.0.1"), PAGE_BODY_TAG);
            assertUntouched(banner, get("/page").header("X-Forwarded-For", LISTED + ", 10.1.2.3"));
            assertUntouched(banner, get("/page").header("X-Forwarded-For", LISTED + ", not-an-ip, 127.0.0.1"));
        }

        @Test
        void rfc7239ForwardedIsRead() throws IOException {
            assertBanner(get("/page").header("Forwarded", "for=\"[2001:db8::66]:4711\";proto=https"), PAGE_BODY_TAG);
            assertBanner(get("/page").header("Forwarded", "for=" + LISTED + ";by=127.0.0.1"), PAGE_BODY_TAG);
            assertUntouched(banner, get("/page").header("Forwarded", "for=_hidden"));
        }
    }

    int count(Mode mode) {
        AtomicInteger n = notices.get(mode);
        return n == null ? 0 : n.get();
    }
}
