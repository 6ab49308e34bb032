package io.tocsin.spring.web;

import io.tocsin.servlet.FilterOptions;
import io.tocsin.servlet.NoticeListener;

/**
 * Copies {@link FilterOptions} with a notice listener added. {@link FilterOptions#from} builds the
 * options at once and its builder takes each setting only once, so the listener cannot be added on
 * the way; this copies every setting into a new builder instead. {@code FilterOptionsCopyTest}
 * compares the copy with the original, so that a setting added to {@link FilterOptions} later and
 * not copied here fails the build rather than being silently dropped.
 */
final class FilterOptionsCopy {

    private FilterOptionsCopy() {
    }

    static FilterOptions withNoticeListener(FilterOptions options, NoticeListener listener) {
        FilterOptions.Builder b = FilterOptions.builder()
                .enabled(options.enabled())
                .mode(options.mode())
                .trustedProxies(options.trustedProxies())
                .forwardedHeader(options.forwardedHeader())
                .lookupBudget(options.lookupBudget())
                .path(options.path())
                .ackTtl(options.ackTtl())
                .blockAllow(options.blockAllow())
                .templates(options.templates())
                .siteName(options.siteName())
                .branding(options.branding())
                .scanLimit(options.scanLimit())
                .clock(options.clock())
                .noticeListener(listener);
        if (options.ackSecretGiven()) {
            b.ackSecret(options.ackSecret());
        }
        return b.build();
    }
}
