package io.tocsin.servlet;

/**
 * What a listed visitor did with a notice, as told to {@link NoticeListener#visitorActed}: the way an
 * operator sees whether visitors act on it. Counted per mode and language; no address, no cookie
 * beyond the acknowledgement.
 */
public enum VisitorAction {
    /** A notice was shown: a banner inserted, an interstitial redirect, a block page. */
    SHOWN("shown"),
    /** The notice page was opened (from the banner's link, or by the interstitial). */
    DETAILS_OPENED("details-opened"),
    /** The banner's Dismiss was used. */
    DISMISSED("dismissed"),
    /** The notice page's "Continue to the site" was used. */
    CONTINUED("continued");

    private final String id;

    VisitorAction(String id) {
        this.id = id;
    }

    /** The name in metrics: {@code shown}, {@code details-opened}, {@code dismissed}, {@code continued}. */
    public String id() {
        return id;
    }
}
