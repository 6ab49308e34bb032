package io.tocsin.servlet;

/**
 * What the filter does with a request for one of the application's pages: a pure function of the
 * {@link Mode} and what is known of the visit, so that every mode's rules read as one table (see
 * {@code ActionTest}).
 */
enum Action {
    /** The response as the application makes it. */
    PASS,
    /** The response as the application makes it; the verdict is looked up for the application (observe mode). */
    OBSERVE,
    /** The page with a banner after its opening body tag. */
    BANNER,
    /** A {@code 303} to the notice page. */
    INTERSTITIAL,
    /** A {@code 403} with the notice page. */
    BLOCK;

    /**
     * What the decision reads of a visit. The request facts come first; {@link #shouldNotify()} (which
     * costs a lookup) is asked only of requests the mode could act on, and {@link #acknowledged()} and
     * {@link #allowed()} only of visitors who should be told.
     */
    interface Facts {
        /** Whether the method is {@code GET}. */
        boolean get();

        /** Whether the request may be a page navigation rather than a sub-resource or script fetch. */
        boolean navigation();

        /** Whether the path names a static asset by its extension. */
        boolean asset();

        /** Whether an {@code Accept} header, if any, admits an HTML page. */
        boolean acceptsHtml();

        /** Whether the visitor's verdict, within the lookup budget, says they should be told. */
        boolean shouldNotify();

        /** Whether the visitor holds a valid acknowledgement of the notice. */
        boolean acknowledged();

        /** Whether the path is one of {@code tocsin.block.allow}'s patterns. */
        boolean allowed();
    }

    /** What to do with {@code visit} in {@code mode}. */
    static Action decide(Mode mode, Facts visit) {
        switch (mode) {
            case BANNER:
                if (!visit.get() || !visit.navigation() || visit.asset()) {
                    return PASS;
                }
                return visit.shouldNotify() && !visit.acknowledged() ? BANNER : PASS;
            case INTERSTITIAL:
                if (!visit.get() || !visit.navigation() || visit.asset() || !visit.acceptsHtml()) {
                    return PASS;
                }
                return visit.shouldNotify() && !visit.acknowledged() ? INTERSTITIAL : PASS;
            case BLOCK: // every request counts, whatever its method; acknowledging does not lift a block
                return visit.shouldNotify() && !visit.allowed() ? BLOCK : PASS;
            case OBSERVE:
                return visit.asset() ? PASS : OBSERVE;
            default:
                throw new IllegalArgumentException("mode " + mode);
        }
    }
}
