package io.tocsin.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * The banner on page layouts in the styles of popular open-source templates (written for this test):
 * an admin dashboard with a fixed top bar and sidebar, one with a sticky header, a full-height
 * webmail app shell that is wider than a phone, a landing page with a sticky header at the maximum
 * z-index and a cookie-consent bar, a right-to-left dashboard, a docs site with an off-canvas menu
 * that makes the page wider than a phone, a body with {@code transform} and {@code overflow: hidden},
 * a fixed header at the maximum z-index late in the document. At 1280×800 and 390×844 the banner must
 * be inside the viewport and on top, readable (14 px or more, contrast 4.5:1 or more), at most 100 px
 * tall on the phone, with its link and Dismiss reachable; the page's first navigation link, its
 * sign-out or primary button, its first heading and (in full-height layouts) its bottom edge must stay hit-testable wherever they are for a
 * clean visitor (the banner takes its own room, it does not cover them); no console error and no
 * horizontal scrolling may appear; and after dismissing, the page renders exactly as the clean
 * visitor's. The pages are served behind the filter under {@code /pages/} and without it under
 * {@code /clean/}.
 */
class RealLayoutsIT extends BrowserOnFilteredSite {

    static final List<String> PAGES = List.of("admin-fixed", "admin-sticky", "webmail", "landing", "rtl-dashboard", "docs",
            "transformed-body", "max-z-later");

    private static final String TARGETS = """
            function hit(el) {
              if (!el) { return null; }
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0) { return null; }
              const x = r.left + r.width / 2, y = r.top + r.height / 2;
              if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) { return false; }
              const at = document.elementFromPoint(x, y);
              return at === el || el.contains(at);
            }
            return {firstNav: hit(document.getElementById('first-nav')), primary: hit(document.getElementById('primary')),
              heading: hit(document.querySelector('h1')), last: hit(document.getElementById('last')),
              scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)};
            """;

    private static final String READABILITY = """
            const host = document.getElementById('tocsin-banner');
            const bar = host.shadowRoot.querySelector('.tocsin-banner-bar');
            function rgb(s) { return s.match(/[\\d.]+/g).slice(0, 3).map(Number); }
            function lum(c) {
              const l = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
              return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
            }
            function contrast(a, b) { const x = lum(rgb(a)), y = lum(rgb(b)); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
            const bg = getComputedStyle(bar).backgroundColor;
            const text = bar.querySelector('.tocsin-banner-text'), link = bar.querySelector('.tocsin-banner-more');
            const button = bar.querySelector('.tocsin-banner-dismiss button');
            return {fontSize: parseFloat(getComputedStyle(text).fontSize), linkSize: parseFloat(getComputedStyle(link).fontSize),
              text: contrast(getComputedStyle(text).color, bg), link: contrast(getComputedStyle(link).color, bg),
              button: contrast(getComputedStyle(button).color, getComputedStyle(button).backgroundColor),
              topLayer: bar.matches(':popover-open'), height: bar.getBoundingClientRect().height};
            """;

    @Override
    HttpServlet pages() {
        return new Layouts();
    }

    static Stream<Arguments> pagesAndViewports() {
        return PAGES.stream().flatMap(p -> Stream.of(Arguments.of(p, 1280, 800), Arguments.of(p, 390, 844)));
    }

    @ParameterizedTest(name = "{0} at {1}x{2}")
    @MethodSource("pagesAndViewports")
    @SuppressWarnings("unchecked")
    void bannerTakesItsOwnRoomAndLeavesThePageUsable(String page, int width, int height) throws IOException {
        String where = page + " at " + width + "x" + height;
        browser.viewport(width, height, width < 600);
        browser.get(base + "/clean/" + page + ".html");
        Map<String, Object> clean = (Map<String, Object>) browser.script(TARGETS);
        assertThat(clean.get("firstNav")).as("the page's first nav link is usable for a clean visitor on %s", where).isEqualTo(Boolean.TRUE);
        String cleanShot = browser.screenshotBase64();
        browser.consoleErrors();

        String url = base + "/pages/" + page + ".html";
        browser.get(url);
        Map<String, Object> banner = BannerProbe.assertVisibleAndOnTop(browser, where);
        browser.await(() -> Boolean.TRUE.equals(((Map<String, Object>) browser.script(READABILITY)).get("topLayer")),
               "the banner in the top layer on " + where);
        Map<String, Object> read = (Map<String, Object>) browser.script(READABILITY);
        assertThat(num(read, "fontSize")).as("text size on %s: %s", where, read).isGreaterThanOrEqualTo(14);
        assertThat(num(read, "linkSize")).as("link size on %s: %s", where, read).isGreaterThanOrEqualTo(14);
        assertThat(num(read, "text")).as("text contrast on %s: %s", where, read).isGreaterThanOrEqualTo(4.5);
        assertThat(num(read, "link")).as("link contrast on %s: %s", where, read).isGreaterThanOrEqualTo(4.5);
        assertThat(num(read, "button")).as("button contrast on %s: %s", where, read).isGreaterThanOrEqualTo(4.5);
        System.out.printf("banner on %s: %.0f px tall%n", where, num(read, "height"));
        if (width < 600) {
            assertThat(num(read, "height")).as("banner height on a phone, %s: %s", where, read).isLessThanOrEqualTo(100);
        }
        Map<String, Object> shown = (Map<String, Object>) browser.script(TARGETS);
        for (String target : List.of("firstNav", "primary", "heading", "last")) {
            if (Boolean.TRUE.equals(clean.get(target))) {
                assertThat(shown.get(target)).as("%s still hit-testable with the banner on %s (banner %s; clean %s; now %s)",
                        target, where, banner, clean, shown).isEqualTo(Boolean.TRUE);
            }
        }
        assertThat(num(shown, "scrollWidth")).as("no horizontal scrolling introduced on %s", where)
                .isLessThanOrEqualTo(num(clean, "scrollWidth"));
        assertThat(browser.consoleErrors()).as("console errors on %s", where).isEmpty();

        browser.bannerShadow().findElement(By.cssSelector(".tocsin-banner-dismiss button")).click();
        browser.await(() -> !Boolean.TRUE.equals(BannerProbe.probe(browser).get("present")), "the page without the banner");
        assertThat(browser.driver.getCurrentUrl()).as("dismissing returns to %s", page).isEqualTo(url);
        assertThat(browser.screenshotBase64()).as("after dismissing, %s renders as for a clean visitor", where).isEqualTo(cleanShot);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es", "it", "nl", "pt", "ar"})
    @SuppressWarnings("unchecked")
    void bannerIsAtMost100PxTallOnAPhoneInEveryLanguage(String language) {
        browser.language(language);
        try {
            for (int width : new int[] {390, 360}) {
                browser.viewport(width, 844, true);
                browser.get(base + "/pages/admin-fixed.html");
                BannerProbe.assertVisibleAndOnTop(browser, "admin-fixed in " + language + " at " + width);
                Map<String, Object> read = (Map<String, Object>) browser.script(READABILITY);
                System.out.printf("banner in %s at %dx844: %.0f px tall%n", language, width, num(read, "height"));
                if (width == 390) {
                    assertThat(num(read, "height")).as("banner height in %s at 390x844", language).isLessThanOrEqualTo(100);
                }
            }
        } finally {
            browser.language("en-US,en;q=0.9");
        }
    }

    /**
     * The notice page names the site (the host asked for, as no site name is configured), shows
     * "Continue" without scrolling on a desktop and a phone in the longest languages, has one
     * {@code h1} in a {@code main} landmark, says something where a list gives no reason, and points
     * "below" only where there is something below.
     */
    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "ar"})
    @SuppressWarnings("unchecked")
    void noticePageNamesTheSiteAndShowsContinueWithoutScrolling(String language) {
        browser.language(language);
        try {
            for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
                browser.viewport(size[0], size[1], size[0] < 600);
                browser.get(base + "/_tocsin/notice?return=%2Fpages%2Fdocs.html");
                Map<String, Object> n = (Map<String, Object>) browser.script("""
                        const b = document.querySelector('.tocsin-continue button').getBoundingClientRect();
                        return {h1: document.querySelectorAll('h1').length, main: document.querySelectorAll('main').length,
                          h1InMain: !!document.querySelector('main h1'), brand: (document.querySelector('.tocsin-brand') || {}).textContent,
                          site: (document.querySelector('.tocsin-site') || {}).textContent,
                          continueBottom: b.bottom, continueTop: b.top, height: innerHeight,
                          reason: document.querySelector('.tocsin-reason').textContent.trim(),
                          steps: document.querySelector('.tocsin-todo ol').textContent};
                        """);
                String where = language + " at " + size[0] + "x" + size[1] + ": " + n;
                assertThat(n.get("h1")).as("one h1, %s", where).isEqualTo(1L);
                assertThat(n.get("main")).as("one main landmark, %s", where).isEqualTo(1L);
                assertThat(n.get("h1InMain")).as("h1 in main, %s", where).isEqualTo(Boolean.TRUE);
                assertThat((String) n.get("brand")).as("site identity atop the page, %s", where).contains("127.0.0.1");
                assertThat((String) n.get("site")).as("which site speaks, %s", where).contains("127.0.0.1");
                assertThat(num(n, "continueTop")).as("continue on screen, %s", where).isGreaterThanOrEqualTo(0);
                assertThat(num(n, "continueBottom")).as("continue without scrolling, %s", where).isLessThanOrEqualTo(num(n, "height"));
                assertThat((String) n.get("reason")).as("a text where the list gives no reason, %s", where).isNotEmpty();
                assertThat((String) n.get("steps")).as("no 'see below' without lookup links, %s", where)
                        .doesNotContain("see below", "siehe unten", "voir ci-dessous", "\u0627\u0646\u0638\u0631 \u0623\u062f\u0646\u0627\u0647");
            }
        } finally {
            browser.language("en-US,en;q=0.9");
        }
    }

    /**
     * What a screen reader gets, from Chromium's accessibility tree (DevTools
     * {@code Accessibility.getFullAXTree}): the banner as an alert named "Security notice" holding
     * its link and its Dismiss button once each (the fallback copy is not rendered, so not in the
     * tree); the keyboard reaches the link first and then Dismiss, each with a visible focus ring;
     * the notice page has one level-1 heading and a main landmark.
     */
    @Test
    void accessibilityTreeAndKeyboard() {
        browser.viewport(1280, 800, false);
        browser.get(base + "/pages/admin-fixed.html");
        List<Map<String, Object>> nodes = axTree();
        assertThat(named(nodes, "alert", "Security notice")).as("the banner announced as an alert with a name").isEqualTo(1);
        assertThat(named(nodes, "link", "What this means and what to do")).as("the banner's link in the tree once").isEqualTo(1);
        assertThat(named(nodes, "button", "Dismiss")).as("Dismiss in the tree once").isEqualTo(1);

        browser.script("document.activeElement && document.activeElement.blur(); window.focus()");
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(focused()).as("first Tab stop").containsEntry("cls", "tocsin-banner-more").containsEntry("ring", Boolean.TRUE);
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(focused()).as("second Tab stop").containsEntry("tag", "BUTTON").containsEntry("ring", Boolean.TRUE);

        browser.get(base + "/_tocsin/notice?return=%2F");
        List<Map<String, Object>> notice = axTree();
        long h1 = notice.stream().filter(n -> "heading".equals(value(n, "role")) && !Boolean.TRUE.equals(n.get("ignored"))
                && levelOne(n)).count();
        assertThat(h1).as("one level-1 heading on the notice page").isEqualTo(1);
        assertThat(notice.stream().filter(n -> "main".equals(value(n, "role"))).count()).as("a main landmark").isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> axTree() {
        return (List<Map<String, Object>>) browser.driver.executeCdpCommand("Accessibility.getFullAXTree", Map.of()).get("nodes");
    }

    @SuppressWarnings("unchecked")
    private static Object value(Map<String, Object> node, String key) {
        Object v = node.get(key);
        return v instanceof Map ? ((Map<String, Object>) v).get("value") : null;
    }

    private static long named(List<Map<String, Object>> nodes, String role, String name) {
        return nodes.stream().filter(n -> !Boolean.TRUE.equals(n.get("ignored")) && role.equals(value(n, "role"))
                && name.equals(value(n, "name"))).count();
    }

    @SuppressWarnings("unchecked")
    private static boolean levelOne(Map<String, Object> node) {
        Object props = node.get("properties");
        if (!(props instanceof List)) {
            return false;
        }
        for (Map<String, Object> p : (List<Map<String, Object>>) props) {
            if ("level".equals(p.get("name")) && Integer.valueOf(1).equals(((Number) ((Map<String, Object>) p.get("value")).get("value")).intValue())) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> focused() {
        return (Map<String, Object>) browser.script("""
                let el = document.activeElement;
                while (el && el.shadowRoot && el.shadowRoot.activeElement) { el = el.shadowRoot.activeElement; }
                const cs = getComputedStyle(el);
                return {tag: el.tagName, cls: el.className, ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2};
                """);
    }

    /**
     * A page whose Content-Security-Policy refuses scripts ({@code script-src 'none'}) gets the banner
     * without its script element, so the browser logs no CSP violation; the banner is then the fixed
     * overlay, still on top and dismissable.
     */
    @Test
    void pageThatRefusesScriptsGetsTheBannerWithoutItsScript() {
        browser.viewport(1280, 800, false);
        browser.get(base + "/pages/admin-fixed.html?csp=no-scripts");
        BannerProbe.assertVisibleAndOnTop(browser, "admin-fixed under script-src 'none'");
        assertThat(browser.script("return document.querySelectorAll('#tocsin-banner script').length")).as("no script element").isEqualTo(0L);
        assertThat(browser.script("return document.getElementById('tocsin-banner').shadowRoot.querySelector('.tocsin-banner-bar')"
                + ".matches(':popover-open')")).as("not in the top layer without its script").isEqualTo(Boolean.FALSE);
        assertThat(browser.consoleErrors()).as("no CSP violation in the console").isEmpty();
        browser.bannerShadow().findElement(By.cssSelector(".tocsin-banner-dismiss button")).click();
        browser.await(() -> !Boolean.TRUE.equals(BannerProbe.probe(browser).get("present")), "the page without the banner");
    }

    /** A fixed header that a single-page app adds after load also moves below the banner. */
    @Test
    @SuppressWarnings("unchecked")
    void aHeaderAddedLaterMovesBelowTheBanner() {
        browser.viewport(1280, 800, false);
        browser.get(base + "/pages/top-layer.html");
        browser.await(() -> Boolean.TRUE.equals(((Map<String, Object>) browser.script(READABILITY)).get("topLayer")), "the top layer");
        browser.script("const h = document.createElement('header'); h.id = 'late';"
                + "h.style.cssText = 'position:fixed;top:0;left:0;right:0;height:40px;background:#000;z-index:5';"
                + "document.body.appendChild(h);");
        browser.await(() -> Boolean.TRUE.equals(browser.script("const bar = document.getElementById('tocsin-banner').shadowRoot"
                + ".querySelector('.tocsin-banner-bar').getBoundingClientRect();"
                + "return Math.abs(document.getElementById('late').getBoundingClientRect().top - bar.bottom) < 1.5")),
                "the late header right below the banner");
    }

    @Test
    void bannerStaysAboveThePagesPopoverModalDialogAndFullscreen() throws IOException {
        browser.viewport(1280, 800, false);
        browser.get(base + "/pages/top-layer.html");
        BannerProbe.assertVisibleAndOnTop(browser, "top-layer");
        browser.script("document.getElementById('pop').showPopover()");
        assertThat(bannerPainted()).as("banner painted above the page's popover").isTrue();
        BannerProbe.assertVisibleAndOnTop(browser, "top-layer with a popover");
        browser.script("document.getElementById('dlg').showModal()");
        browser.await(this::bannerPainted, "banner painted above the page's modal dialog");
        browser.script("document.getElementById('dlg').close()");
        browser.driver.executeCdpCommand("Runtime.evaluate", Map.of("expression",
                "document.getElementById('full').requestFullscreen()", "userGesture", true, "awaitPromise", true));
        browser.await(() -> Boolean.TRUE.equals(browser.script("return document.fullscreenElement !== null")), "fullscreen");
        browser.await(this::bannerPainted, "banner painted above the fullscreen element");
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    }

    /** Whether the pixel just inside the banner's top-left corner has the banner's background colour. */
    @SuppressWarnings("unchecked")
    private boolean bannerPainted() {
        Map<String, Object> r = (Map<String, Object>) browser.script(
                "const b = document.getElementById('tocsin-banner').shadowRoot.querySelector('.tocsin-banner-bar')"
                + ".getBoundingClientRect(); return {x: b.left + 3, y: b.top + 3};");
        try {
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(browser.screenshotBase64())));
            int rgb = shot.getRGB(((Number) r.get("x")).intValue(), ((Number) r.get("y")).intValue()) & 0xFFFFFF;
            return rgb == 0xFDF5DF;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    /** The layouts from the test resources, behind the filter under /pages/ and without it under /clean/. */
    static final class Layouts extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getRequestURI();
            String name = path.matches("/(pages|clean)/[a-z-]+\\.html") ? path.substring(path.indexOf('/', 1) + 1) : null;
            InputStream in = name == null ? null : RealLayoutsIT.class.getResourceAsStream("layouts/" + name);
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            try (in) {
                response.setContentType("text/html;charset=UTF-8");
                if ("no-scripts".equals(request.getParameter("csp"))) {
                    response.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'none'");
                }
                in.transferTo(response.getOutputStream());
            }
        }
    }
}
