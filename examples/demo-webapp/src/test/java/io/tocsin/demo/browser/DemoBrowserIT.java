package io.tocsin.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The packaged demo in headless Chromium, as a listed visitor sees it: the banner over the portal
 * (whose pages carry {@code default-src 'self'; script-src 'self'}), dismissing it with JavaScript on
 * and off, the notice page, the interstitial's way back, a list whose reason is an attack, and the
 * screenshots in {@code docs/images} (written to {@code target/screenshots} unless
 * {@code -Dtocsin.screenshots=../../docs/images}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoBrowserIT {

    /** A list's reason that would run script if it were not escaped. */
    static final String HOSTILE_REASON = "<script>document.title='pwned';window.pwned=1</script>"
            + "<img src=x onerror=\"window.pwned=2\"><svg onload=\"window.pwned=3\"></svg>\"><b>bold</b>";

    private Path work;

    private HttpServer lists;
    private DemoProcess bannerDemo;
    private DemoProcess interstitialDemo;
    private Browser browser;
    private Browser noScript;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("tocsin-browser");
        lists = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lists.createContext("/botnet/", exchange -> json(exchange,
                "{\"listed\":true,\"reason\":\"Seen sending spam for the Cutwail botnet, last on 25 November\"}"));
        lists.createContext("/hostile/", exchange -> json(exchange,
                "{\"listed\":true,\"reason\":\"" + HOSTILE_REASON.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}"));
        lists.start();
        String api = "http://127.0.0.1:" + lists.getAddress().getPort();
        bannerDemo = DemoProcess.start(work, """
                tocsin.mode=banner
                tocsin.lookup-budget=5s
                tocsin.site-name=Example Portal
                tocsin.support-contact=security@example.org
                tocsin.sources.botnet-watch.type=http-json
                tocsin.sources.botnet-watch.url=%s/botnet/{ip}
                tocsin.sources.botnet-watch.pointer=/listed
                tocsin.sources.botnet-watch.reason-pointer=/reason
                """.formatted(api));
        interstitialDemo = DemoProcess.start(work, """
                tocsin.mode=interstitial
                tocsin.lookup-budget=5s
                tocsin.sources.demo.type=list
                tocsin.sources.demo.entries=127.0.0.1, ::1
                tocsin.sources.hostile.type=http-json
                tocsin.sources.hostile.url=%s/hostile/{ip}
                tocsin.sources.hostile.pointer=/listed
                tocsin.sources.hostile.reason-pointer=/reason
                """.formatted(api));
        browser = Browser.start(true);
        noScript = Browser.start(false);
    }

    private static void json(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {browser, noScript, bannerDemo, interstitialDemo}) {
            if (c != null) {
                c.close();
            }
        }
        if (lists != null) {
            lists.stop(0);
        }
        try (var files = Files.list(work)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(work);
    }

    @AfterEach
    void forget() {
        for (Browser b : new Browser[] {browser, noScript}) {
            b.language("en");
            b.viewport(1280, 800, false);
            b.forget();
            b.consoleErrors();
        }
    }

    @Test
    void bannerIsOnTopOfTheStrictCspPortalAndFirstInTheFocusOrder() {
        browser.viewport(1280, 800, false);
        browser.get(bannerDemo.base + "/");
        Map<String, Object> p = BannerProbe.assertVisibleAndOnTop(browser, "the demo portal");
        assertThat((String) p.get("text")).as("banner text").contains("a device on your internet connection may be infected")
                .contains("What this means and what to do").contains("Dismiss");
        assertThat(browser.script("return document.getElementById('tocsin-banner').getAttribute('role')"))
                .as("announced to screen readers").isEqualTo("alert");

        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        Object focused = browser.script("const h = document.getElementById('tocsin-banner');"
                + "return document.activeElement === h && h.shadowRoot.activeElement ? h.shadowRoot.activeElement.className : null");
        assertThat(focused).as("first Tab stop is the banner's link").isEqualTo("tocsin-banner-more");
        Object outline = browser.script("return getComputedStyle(document.getElementById('tocsin-banner').shadowRoot.activeElement).outlineStyle");
        assertThat(outline).as("visible focus").isEqualTo("solid");
        assertThat(browser.consoleErrors()).as("console errors (CSP violations included)").isEmpty();
        Object foreign = browser.script("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => !n.startsWith(location.origin + '/'))");
        assertThat((List<?>) foreign).as("third-party requests").isEmpty();
    }

    @Test
    void dismissingWithJavaScriptOnKeepsTheVisitorOnThePage() {
        dismiss(browser, "JavaScript on");
    }

    @Test
    void dismissingWithJavaScriptOffKeepsTheVisitorOnThePage() {
        assertThat(noScript.script("return 1")).as("WebDriver can still inspect the page").isEqualTo(1L);
        noScript.get(bannerDemo.base + "/?tab=inbox");
        assertThat(noScript.driver.findElements(By.tagName("noscript"))).isNotNull();
        dismiss(noScript, "JavaScript off");
    }

    private void dismiss(Browser b, String how) {
        String url = bannerDemo.base + "/?tab=inbox";
        b.get(url);
        BannerProbe.assertVisibleAndOnTop(b, "the demo portal, " + how);
        b.bannerShadow().findElement(By.cssSelector(".tocsin-banner-dismiss button")).click();
        b.await(() -> !Boolean.TRUE.equals(BannerProbe.probe(b).get("present")), "the page without the banner");
        assertThat(b.driver.getCurrentUrl()).as("back on the same page, %s", how).isEqualTo(url);
        Cookie ack = b.driver.manage().getCookieNamed("tocsin_ack");
        assertThat(ack).as("ack cookie, %s", how).isNotNull();
        assertThat(ack.isHttpOnly()).as("HttpOnly").isTrue();
        b.get(bannerDemo.base + "/");
        assertThat(BannerProbe.probe(b).get("present")).as("no banner on the next page, %s", how).isEqualTo(Boolean.FALSE);
        assertThat(b.consoleErrors()).as("console errors, %s", how).isEmpty();
    }

    @Test
    void noticePageExplainsAndContinueReturns() {
        browser.get(bannerDemo.base + "/?tab=sent");
        browser.bannerShadow().findElement(By.cssSelector(".tocsin-banner-more")).click();
        browser.await(() -> browser.driver.getCurrentUrl().contains("/_tocsin/notice"), "the notice page");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("A device on your internet connection may be infected");
        String text = browser.driver.findElement(By.tagName("main")).getText();
        assertThat(text).as("which list and why").contains("botnet-watch").contains("Seen sending spam for the Cutwail botnet");
        assertThat(text).as("steps, shared connections, support").contains("What to do").contains("Do you share this connection?")
                .contains("security@example.org");
        assertThat(browser.consoleErrors()).as("console errors on the notice page").isEmpty();
        browser.driver.findElement(By.cssSelector(".tocsin-continue button")).click();
        browser.await(() -> !browser.driver.getCurrentUrl().contains("/_tocsin/"), "the way back");
        assertThat(browser.driver.getCurrentUrl()).as("continue returns").isEqualTo(bannerDemo.base + "/?tab=sent");
        assertThat(BannerProbe.probe(browser).get("present")).as("no banner after continuing").isEqualTo(Boolean.FALSE);
    }

    @Test
    void interstitialContinueReturnsToTheOriginalUrlWithAndWithoutJavaScript() {
        for (Browser b : List.of(browser, noScript)) {
            String url = interstitialDemo.base + "/index.html?from=mail&id=42";
            b.get(url);
            assertThat(b.driver.getCurrentUrl()).as("interstitial").startsWith(interstitialDemo.base + "/_tocsin/notice?return=");
            b.driver.findElement(By.cssSelector(".tocsin-continue button")).click();
            b.await(() -> !b.driver.getCurrentUrl().contains("/_tocsin/"), "the way back");
            assertThat(b.driver.getCurrentUrl()).as("back at the original URL").isEqualTo(url);
            assertThat(b.consoleErrors()).as("console errors").isEmpty();
        }
    }

    @Test
    void hostileReasonIsShownAsTextAndRunsNoScript() {
        browser.get(interstitialDemo.base + "/_tocsin/notice?return=%2F");
        assertThat(browser.driver.getTitle()).as("title").isNotEqualTo("pwned");
        assertThat(browser.script("return typeof window.pwned")).as("no injected script ran").isEqualTo("undefined");
        List<WebElement> reasons = browser.driver.findElements(By.cssSelector(".tocsin-reason"));
        String shown = reasons.stream().map(WebElement::getText).reduce("", String::concat);
        assertThat(shown).as("reason shown literally").contains("<script>document.title='pwned'").contains("<img src=x onerror=");
        assertThat(browser.driver.findElements(By.cssSelector(".tocsin-reason script, .tocsin-reason img, .tocsin-reason svg, .tocsin-reason b")))
                .as("no markup from the list").isEmpty();
        assertThat(browser.consoleErrors()).as("console errors (a blocked script would show here)").isEmpty();
    }

    @Test
    void arabicVisitorsGetARightToLeftBannerAndNotice() throws IOException {
        Path dir = Path.of(System.getProperty("tocsin.screenshots", "target/screenshots"));
        browser.language("ar-EG,ar;q=0.9,en;q=0.3");
        browser.viewport(1280, 800, false);
        browser.get(bannerDemo.base + "/");
        BannerProbe.assertVisibleAndOnTop(browser, "portal in Arabic");
        Object layout = browser.script("""
                const root = document.getElementById('tocsin-banner').shadowRoot;
                const bar = root.querySelector('.tocsin-banner-bar');
                const text = root.querySelector('.tocsin-banner-text').getBoundingClientRect();
                const button = root.querySelector('.tocsin-banner-dismiss button').getBoundingClientRect();
                return getComputedStyle(bar).direction + ' ' + (button.right <= text.left ? 'button-left' : 'button-right');
                """);
        assertThat(layout).as("right to left, dismiss at the left end").isEqualTo("rtl button-left");
        browser.screenshot(dir.resolve("banner-ar-desktop.png"), false);
        browser.viewport(390, 844, true);
        browser.get(bannerDemo.base + "/_tocsin/notice?return=%2F");
        assertThat(browser.script("return document.documentElement.dir + ' ' + getComputedStyle(document.body).direction"))
                .as("notice page direction").isEqualTo("rtl rtl");
        browser.screenshot(dir.resolve("notice-ar-mobile.png"), true);
        assertThat(browser.consoleErrors()).as("console errors in Arabic").isEmpty();
    }

    @Test
    void germanVisitorsGetGermanAndScreenshotsShowIt() throws IOException {
        Path dir = Path.of(System.getProperty("tocsin.screenshots", "target/screenshots"));
        for (String lang : List.of("en", "de")) {
            browser.language(lang.equals("de") ? "de-AT,de;q=0.9,en;q=0.5" : "en-GB,en;q=0.9");
            for (boolean mobile : List.of(false, true)) {
                String form = mobile ? "mobile" : "desktop";
                browser.forget();
                if (mobile) {
                    browser.viewport(390, 844, true);
                } else {
                    browser.viewport(1280, 800, false);
                }
                browser.get(bannerDemo.base + "/");
                BannerProbe.assertVisibleAndOnTop(browser, "portal " + lang + " " + form);
                assertThat(browser.script("return document.getElementById('tocsin-banner').lang")).as("banner language").isEqualTo(lang);
                browser.screenshot(dir.resolve("banner-" + lang + "-" + form + ".png"), false);
                browser.get(bannerDemo.base + "/_tocsin/notice?return=%2F");
                assertThat(browser.script("return document.documentElement.lang")).as("notice language").isEqualTo(lang);
                browser.screenshot(dir.resolve("notice-" + lang + "-" + form + ".png"), true);
                assertThat(browser.consoleErrors()).as("console errors %s %s", lang, form).isEmpty();
            }
        }
        assertThat(Files.size(dir.resolve("notice-de-mobile.png"))).as("screenshot written").isGreaterThan(1000);
    }
}
