package io.tocsin.servlet;

import io.tocsin.core.Checker;
import io.tocsin.core.Source;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.servlet.ack.AckCookie;
import io.tocsin.servlet.client.ClientAddressResolver;
import io.tocsin.servlet.notice.NoticeRenderer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What every {@link Visit} to the site shares: the filter's options and the parts made from them once,
 * when the filter starts.
 *
 * @param endpointBudget how long the notice page and the verdict endpoint wait for a verdict: they are
 *                       asked for by the visitor, so they may wait longer than a page
 */
record Site(FilterOptions options, Checker checker, ClientAddressResolver resolver, AckCookie ack,
            NoticeRenderer renderer, PathPatterns blockAllow, Duration endpointBudget, LinkBase linkBase) {

    private static final Duration ENDPOINT_BUDGET = Duration.ofSeconds(2);

    static Site of(Checker checker, FilterOptions options) {
        return new Site(options, checker,
                new ClientAddressResolver(options.trustedProxies(), options.forwardedHeader()),
                new AckCookie(options.ackSecret(), options.ackTtl(), options.clock()),
                new NoticeRenderer(options.templates(), options.siteName(), options.branding(), lookupPages(checker)),
                new PathPatterns(options.blockAllow()),
                options.lookupBudget().compareTo(ENDPOINT_BUDGET) > 0 ? options.lookupBudget() : ENDPOINT_BUDGET,
                new LinkBase(options.path()));
    }

    /**
     * The links of Tocsin's own path that are the same on every page, made once per context path (a
     * filter serves one context, so once) instead of per banner.
     */
    static final class LinkBase {
        private final String path;
        private volatile Made made;

        private record Made(String contextPath, String css, String notice, String ack) {
        }

        LinkBase(String path) {
            this.path = path;
        }

        /** {@code {context}{path}/tocsin.css}, {@code {context}{path}/notice?return=}, {@code {context}{path}/ack}. */
        private Made made(String contextPath) {
            Made m = made;
            if (m == null || !m.contextPath.equals(contextPath)) {
                String base = contextPath + path;
                m = new Made(contextPath, base + "/tocsin.css", base + "/notice?return=", base + "/ack");
                made = m;
            }
            return m;
        }

        /** The links of a page whose continue button leads back to {@code back}, already a safe path. */
        NoticeRenderer.Links links(String contextPath, String back) {
            Made m = made(contextPath);
            return new NoticeRenderer.Links(m.css, m.notice + Visit.formEncode(back), m.ack, back);
        }
    }

    /** Each list's own lookup page ({@link Source#lookupUrl}): the filter knows no list operator by name. */
    private static BiFunction<String, IpAddress, Optional<String>> lookupPages(Checker checker) {
        Map<String, Source> byName = new HashMap<>();
        for (Source source : checker.sources()) {
            byName.put(source.name(), source);
        }
        return (name, ip) -> {
            Source source = byName.get(name);
            return source == null ? Optional.empty() : source.lookupUrl(ip);
        };
    }
}
