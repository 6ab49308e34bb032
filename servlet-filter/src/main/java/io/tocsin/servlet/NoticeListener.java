package io.tocsin.servlet;

/**
 * Told whenever the filter changes a response to show a notice: a banner inserted, an interstitial
 * redirect, a block page. The hook for the {@code tocsin.notices} metric.
 *
 * <p>Called on request threads, so implementations must be thread-safe and quick. An exception
 * thrown here is ignored: it never breaks the response.
 */
@FunctionalInterface
public interface NoticeListener {

    /** A listener that does nothing. */
    NoticeListener NONE = mode -> { };

    /** A response got a notice of {@code mode} ({@link Mode#BANNER}, {@link Mode#INTERSTITIAL} or {@link Mode#BLOCK}). */
    void noticeShown(Mode mode);
}
