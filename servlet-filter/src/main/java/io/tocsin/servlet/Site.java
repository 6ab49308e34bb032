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
            NoticeRenderer renderer, PathPatterns blockAllow, Duration endpointBudget) {

    private static final Duration ENDPOINT_BUDGET = Duration.ofSeconds(2);

    static Site of(Checker checker, FilterOptions options) {
        return new Site(options, checker,
                new ClientAddressResolver(options.trustedProxies(), options.forwardedHeader()),
                new AckCookie(options.ackSecret(), options.ackTtl(), options.clock()),
                new NoticeRenderer(options.templates(), options.siteName(), options.branding(), lookupPages(checker)),
                new PathPatterns(options.blockAllow()),
                options.lookupBudget().compareTo(ENDPOINT_BUDGET) > 0 ? options.lookupBudget() : ENDPOINT_BUDGET);
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
