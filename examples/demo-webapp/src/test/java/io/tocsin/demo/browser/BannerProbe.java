package io.tocsin.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/**
 * What the browser says about the banner on the current page: where it is, whether it is on top at
 * its centre and at its buttons ({@code elementFromPoint}), and whether Tocsin's stylesheet (not the
 * page's) styles it.
 */
final class BannerProbe {

    /** The banner's background, {@code #fdf5df}: proof that tocsin.css applies and the page's CSS does not. */
    static final String BACKGROUND = "rgb(253, 245, 223)";

    private static final String PROBE = """
            const host = document.querySelector('body > div#tocsin-banner[role="alert"]');
            if (!host) { return {present: false}; }
            const root = host.shadowRoot;
            const scope = root || host;
            const bar = scope.querySelector('.tocsin-banner-bar');
            const r = bar.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            function onTop(el) {
              const b = el.getClientRects()[0];
              const x = b.left + b.width / 2, y = b.top + b.height / 2;
              const outer = document.elementFromPoint(x, y);
              const inner = root ? root.elementFromPoint(x, y) : outer;
              return (outer === host || host.contains(outer)) && (inner === el || el.contains(inner));
            }
            const cs = getComputedStyle(bar);
            return {present: true, shadow: !!root, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
              width: visualViewport ? Math.min(innerWidth, visualViewport.width) : innerWidth, height: innerHeight, hitIsBanner: hit === host || host.contains(hit),
              buttonOnTop: onTop(scope.querySelector('.tocsin-banner-dismiss button')),
              linkOnTop: onTop(scope.querySelector('.tocsin-banner-more')),
              background: cs.backgroundColor, fontSize: cs.fontSize, text: bar.innerText,
              banners: document.querySelectorAll('body > div#tocsin-banner[role="alert"]').length,
              hostPosition: getComputedStyle(host).position};
            """;

    private BannerProbe() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> probe(Browser browser) {
        return (Map<String, Object>) browser.script(PROBE);
    }

    /** The banner is there once, in a shadow root, inside the viewport, on top, styled by Tocsin, its controls reachable. */
    static Map<String, Object> assertVisibleAndOnTop(Browser browser, String page) {
        return assertVisibleAndOnTop(browser, page, true);
    }

    /**
     * As above; {@code shadow} false checks the copy that browsers without declarative shadow DOM
     * show, styled only by the scoped rules.
     */
    static Map<String, Object> assertVisibleAndOnTop(Browser browser, String page, boolean shadow) {
        Map<String, Object> p = probe(browser);
        assertThat(p.get("present")).as("banner present on %s", page).isEqualTo(Boolean.TRUE);
        assertThat(p.get("banners")).as("one banner on %s", page).isEqualTo(1L);
        assertThat(p.get("shadow")).as("declarative shadow root on %s", page).isEqualTo(shadow);
        double top = num(p, "top");
        double bottom = num(p, "bottom");
        double left = num(p, "left");
        double right = num(p, "right");
        double height = num(p, "height");
        double width = num(p, "width");
        assertThat(top).as("banner top on %s: %s", page, p).isBetween(-0.5, 0.5);
        assertThat(bottom).as("banner bottom within the viewport on %s: %s", page, p).isGreaterThan(top + 20).isLessThanOrEqualTo(height / 2 + 1);
        assertThat(left).as("banner left on %s: %s", page, p).isBetween(-0.5, 0.5);
        assertThat(right).as("banner spans the viewport on %s: %s", page, p).isBetween(width - 1, width + 0.5);
        assertThat(p.get("hitIsBanner")).as("elementFromPoint at the banner's centre on %s: %s", page, p).isEqualTo(Boolean.TRUE);
        assertThat(p.get("buttonOnTop")).as("dismiss button reachable on %s: %s", page, p).isEqualTo(Boolean.TRUE);
        assertThat(p.get("linkOnTop")).as("notice link reachable on %s: %s", page, p).isEqualTo(Boolean.TRUE);
        assertThat(p.get("background")).as("styled by tocsin.css on %s: %s", page, p).isEqualTo(BACKGROUND);
        assertThat(p.get("hostPosition")).as("host fixed on %s", page).isEqualTo("fixed");
        return p;
    }

    private static double num(Map<String, Object> p, String key) {
        return ((Number) p.get(key)).doubleValue();
    }
}
