package io.tocsin.servlet;

/**
 * Told whenever the filter changes a response to show a notice: a banner inserted, an interstitial
 * redirect, a block page; and of what visitors then do with it (see {@link VisitorAction}). The hook
 * for the {@code tocsin.notices} and {@code tocsin.visitor.actions} metrics.
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

    /**
     * A listed visitor saw or used a notice: shown (as {@link #noticeShown}, with the language), the
     * notice page opened, the banner dismissed, or "continue" used on the notice page.
     *
     * @param mode the filter's mode ({@code banner}, {@code interstitial} or {@code block})
     * @param language the language the notice was shown in, as negotiated from {@code Accept-Language}
     */
    default void visitorActed(Mode mode, VisitorAction action, java.util.Locale language) {
    }
}
