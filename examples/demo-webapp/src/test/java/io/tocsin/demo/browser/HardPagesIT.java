package io.tocsin.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.servlet.notice.NoticeRenderer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * A corpus of pages that make banners hard to see or use (fixed and sticky headers, a full-screen
 * app shell with {@code overflow: hidden}, flex and grid bodies, iframes, right-to-left, an old table
 * layout in quirks mode, the page's own {@code #tocsin-banner}, CSS aimed at everything with
 * {@code !important}, a consent overlay, a 5 MB page), served behind the same filter as the demo. On
 * each, the banner must be inside the viewport, on top at its centre and its controls, styled by
 * Tocsin, and dismissable; and the page must log no console error. One browser for the whole class.
 */
class HardPagesIT extends BrowserOnFilteredSite {

    @Override
    HttpServlet pages() {
        return new Pages();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed-header", "app-shell", "flex-body", "grid-body", "iframes", "rtl", "table-layout",
        "own-ids", "hostile-css", "overlay", "sticky-nav", "huge"})
    void bannerIsVisibleOnTopAndDismissable(String page) {
        String url = base + "/pages/" + page + ".html";
        browser.viewport(1280, 800, false);
        browser.get(url);
        BannerProbe.assertVisibleAndOnTop(browser, page);
        assertThat(browser.consoleErrors()).as("console errors on %s", page).isEmpty();

        browser.bannerShadow().findElement(By.cssSelector(".tocsin-banner-dismiss button")).click();
        browser.await(() -> !Boolean.TRUE.equals(BannerProbe.probe(browser).get("present")), "the page without the banner");
        assertThat(browser.driver.getCurrentUrl()).as("dismissing returns to %s", page).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed-header", "app-shell", "rtl", "table-layout", "hostile-css"})
    void bannerFitsANarrowPhone(String page) {
        browser.viewport(360, 740, true);
        browser.get(base + "/pages/" + page + ".html");
        Map<String, Object> p = BannerProbe.assertVisibleAndOnTop(browser, page + " at 360px");
        assertThat(((Number) p.get("bottom")).doubleValue()).as("banner height on a phone: %s", p).isLessThan(200);
    }

    @Test
    void pageCssCannotRestyleTheBanner() {
        browser.viewport(1280, 800, false);
        browser.get(base + "/pages/hostile-css.html");
        Map<String, Object> p = BannerProbe.assertVisibleAndOnTop(browser, "hostile-css");
        assertThat(p.get("fontSize")).as("font size despite * { font-size: 40px !important }").isEqualTo("15px");
    }

    @Test
    void thePagesOwnTocsinBannerStaysAsThePageWants() {
        browser.viewport(1280, 800, false);
        browser.get(base + "/pages/own-ids.html");
        Object display = browser.script("return getComputedStyle(document.querySelectorAll('#tocsin-banner')[1]).display");
        assertThat(display).as("the page's own #tocsin-banner keeps its display:none").isEqualTo("none");
        Object text = browser.script("return document.getElementById('tocsin-banner-container').textContent");
        assertThat(text).as("look-alike untouched").isEqualTo("Another look-alike");
    }

    @Test
    void noRequestLeavesTheSite() {
        browser.viewport(1280, 800, false);
        browser.get(base + "/pages/iframes.html");
        Object foreign = browser.script("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => !n.startsWith(location.origin + '/') && !n.startsWith('about:'))");
        assertThat((java.util.List<?>) foreign).as("requests to other origins").isEmpty();
    }

    /**
     * The copy of the banner that browsers without declarative shadow DOM render, alone (the template
     * removed, as such a browser would ignore it), on the hard pages: the scoped rules must hold it
     * up against the page's CSS.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fixed-header", "app-shell", "flex-body", "grid-body", "rtl", "table-layout",
        "own-ids", "hostile-css", "overlay", "sticky-nav"})
    void fallbackWithoutShadowDomIsVisibleOnTopAndStyled(String page) {
        browser.viewport(1280, 800, false);
        browser.get(base + "/fallback/" + page + ".html");
        Map<String, Object> p = BannerProbe.assertVisibleAndOnTop(browser, page + " without shadow DOM", false);
        assertThat(p.get("fontSize")).as("font size on %s", page).isEqualTo("15px");
        assertThat(browser.consoleErrors()).as("console errors on %s", page).isEmpty();
    }

    /** The corpus from the test resources, and a generated 5 MB page. */
    static final class Pages extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getRequestURI();
            if (path.equals("/pages/huge.html")) {
                response.setContentType("text/html;charset=UTF-8");
                try (OutputStream out = response.getOutputStream()) {
                    out.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Huge</title></head><body>\n"
                            .getBytes(StandardCharsets.UTF_8));
                    byte[] row = "<p>Row of a very long page, with enough text to make it five megabytes in the end.</p>\n"
                            .getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < 5_000_000 / row.length; i++) {
                        out.write(row);
                    }
                    out.write("</body></html>\n".getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (path.startsWith("/fallback/")) {
                String html;
                try (InputStream in = HardPagesIT.class.getResourceAsStream("pages/" + path.substring("/fallback/".length()))) {
                    html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String banner = new NoticeRenderer(null, null).banner(java.util.Locale.ENGLISH, new NoticeRenderer.Links(
                        "/_tocsin/tocsin.css", "/_tocsin/notice?return=%2F", "/_tocsin/ack", path))
                        .replaceFirst("<template shadowrootmode=\"open\">.*?</template>", "");
                assertThat(banner).as("banner without its template").doesNotContain("<template").contains("tocsin-banner-bar");
                int body = html.indexOf('>', html.indexOf("<body"));
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write(html.substring(0, body + 1) + banner + html.substring(body + 1));
                return;
            }
            if (path.equals("/favicon.ico")) {
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
            InputStream in = path.matches("/pages/[a-z-]+\\.html") ? HardPagesIT.class.getResourceAsStream(path.substring(1)) : null;
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            try (in) {
                response.setContentType("text/html;charset=UTF-8");
                in.transferTo(response.getOutputStream());
            }
        }
    }
}
