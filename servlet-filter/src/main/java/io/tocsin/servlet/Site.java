package io.tocsin.servlet;

import io.tocsin.core.Checker;
import io.tocsin.servlet.ack.AckCookie;
import io.tocsin.servlet.client.ClientAddressResolver;
import io.tocsin.servlet.notice.NoticeRenderer;
import java.time.Duration;

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
                new NoticeRenderer(options.templates(), options.siteName(), options.branding()),
                new PathPatterns(options.blockAllow()),
                options.lookupBudget().compareTo(ENDPOINT_BUDGET) > 0 ? options.lookupBudget() : ENDPOINT_BUDGET);
    }
}
