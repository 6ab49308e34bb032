package io.tocsin.core;

/**
 * Weights that a source itself gives some of its listings, in place of the weight the checker is
 * configured with for the source: a DNSBL zone whose return codes carry weights, so that one zone
 * can hold lists of different credibility (Spamhaus ZEN's exploited-host codes beside its policy
 * codes). Implementations are immutable and thread-safe.
 */
public interface CategoryWeights {

    /** A source that gives no weights of its own: its configured weight applies to every listing. */
    CategoryWeights NONE = new CategoryWeights() {
        @Override
        public double weight(Listing listing, Category category) {
            return Double.NaN;
        }

        @Override
        public double[] weights() {
            return new double[0];
        }
    };

    /**
     * The weight of {@code category} in {@code listing}, or {@code NaN} where the source's configured
     * weight applies. Never infinite.
     */
    double weight(Listing listing, Category category);

    /**
     * Every weight {@link #weight} can return, in any order: the checker bounds what a source that has
     * not answered yet can still add to a score, to answer early.
     */
    double[] weights();
}
