package io.tocsin.core;

import io.tocsin.core.ip.IpAddress;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the configured lists say about one address: all listings, the union of their
 * categories, the sources that failed, and whether the visitor should be told.
 *
 * <p><b>The decision.</b> Each listing has a {@linkplain Listing#weight() weight}. A listing
 * <em>counts</em> when its weight is negative (an allowlist: it counts whatever its category) or
 * when its weight is positive and it has a category in the notify categories. The
 * {@linkplain #score() score} is the sum of the weights of the listings that count, and the verdict
 * {@linkplain #shouldNotify() notifies} when the score reaches the {@linkplain #threshold()
 * threshold}. With every weight and the threshold at their default, {@code 1}, this is "some listing
 * has a notify category". Sums are exact decimal arithmetic of the weights as written, so that
 * {@code 0.7 + 0.1} reaches a threshold of {@code 0.8}, which it does not in binary floating point.
 *
 * <p>A verdict is <em>unknown</em> when the caller's lookup budget ran out first; it then holds no
 * listings and never notifies (fail open), while the lookup goes on and fills the cache. A verdict
 * is <em>decided early</em> when the sources still {@linkplain #pending() pending} could not have
 * changed whether it notifies, whatever they answer; it is not {@linkplain #complete() complete},
 * and the complete verdict replaces it in the cache once every source has answered.
 */
public final class Verdict {

    /** The threshold unless configured otherwise. */
    public static final double DEFAULT_THRESHOLD = 1;

    /** The {@code counted} of a verdict without listings: shared, since it is never written. */
    private static final boolean[] NONE_COUNTED = new boolean[0];

    private final IpAddress ip;
    private final List<Listing> listings;
    private final boolean[] counted;
    private final Set<Category> categories;
    private final List<SourceError> errors;
    private final List<String> pending;
    private final double score;
    private final double threshold;
    private final Decision decision;
    private final boolean complete;

    private Verdict(IpAddress ip, List<Listing> listings, boolean[] counted, Set<Category> categories,
                    List<SourceError> errors, List<String> pending, double score, double threshold,
                    Decision decision, boolean complete) {
        this.ip = ip;
        this.listings = listings;
        this.counted = counted;
        this.categories = categories;
        this.errors = errors;
        this.pending = pending;
        this.score = score;
        this.threshold = threshold;
        this.decision = decision;
        this.complete = complete;
    }

    /**
     * A complete verdict with the default threshold, {@code 1}: with listings of the default weight,
     * {@code notify} is true when some listing has a category in {@code notifyCategories}.
     */
    public static Verdict of(IpAddress ip, List<Listing> listings, List<SourceError> errors, Set<Category> notifyCategories) {
        return of(ip, listings, errors, notifyCategories, DEFAULT_THRESHOLD);
    }

    /**
     * A complete verdict: it notifies when the listings that count add up to {@code threshold}.
     *
     * @throws IllegalArgumentException if {@code threshold} is not a positive finite number
     */
    public static Verdict of(IpAddress ip, List<Listing> listings, List<SourceError> errors, Set<Category> notifyCategories,
                             double threshold) {
        return decide(ip, listings, errors, notifyCategories, threshold, List.of());
    }

    /**
     * A verdict decided before the sources named in {@code pending} answered, because nothing they
     * could answer would change whether it notifies. Not {@linkplain #complete() complete}.
     */
    public static Verdict decidedEarly(IpAddress ip, List<Listing> listings, List<SourceError> errors,
                                       Set<Category> notifyCategories, double threshold, List<String> pending) {
        if (pending.isEmpty()) {
            throw new IllegalArgumentException("a verdict decided early names the sources it did not wait for");
        }
        return decide(ip, listings, errors, notifyCategories, threshold, pending);
    }

    private static Verdict decide(IpAddress ip, List<Listing> listings, List<SourceError> errors,
                                  Set<Category> notifyCategories, double threshold, List<String> pending) {
        Objects.requireNonNull(ip, "ip");
        requireThreshold(threshold);
        List<Listing> listingsCopy = List.copyOf(listings);
        List<SourceError> errorsCopy = List.copyOf(errors);
        List<String> pendingCopy = List.copyOf(pending);
        boolean complete = pendingCopy.isEmpty();
        if (listingsCopy.isEmpty()) {
            return new Verdict(ip, List.of(), NONE_COUNTED, Set.of(), errorsCopy, pendingCopy, 0, threshold,
                    Decision.CLEAN, complete);
        }
        EnumSet<Category> union = EnumSet.noneOf(Category.class);
        boolean[] counted = new boolean[listingsCopy.size()];
        BigDecimal accusing = BigDecimal.ZERO;
        BigDecimal vouching = BigDecimal.ZERO;
        for (int i = 0; i < counted.length; i++) {
            Listing listing = listingsCopy.get(i);
            union.addAll(listing.categories());
            counted[i] = counts(listing, notifyCategories);
            if (counted[i]) {
                BigDecimal w = BigDecimal.valueOf(listing.weight());
                if (w.signum() > 0) {
                    accusing = accusing.add(w);
                } else {
                    vouching = vouching.add(w);
                }
            }
        }
        BigDecimal limit = BigDecimal.valueOf(threshold);
        BigDecimal sum = accusing.add(vouching);
        Decision decision;
        if (sum.compareTo(limit) >= 0) {
            decision = Decision.NOTIFY;
        } else if (accusing.compareTo(limit) >= 0) {
            decision = Decision.VETOED;
        } else if (accusing.signum() > 0) {
            decision = Decision.BELOW_THRESHOLD;
        } else {
            decision = Decision.CLEAN;
        }
        return new Verdict(ip, listingsCopy, counted, Categories.immutable(union), errorsCopy, pendingCopy,
                sum.doubleValue(), threshold, decision, complete);
    }

    /**
     * Whether {@code listing} counts towards a score: an allowlist's (negative weight) always does; a
     * positive weight does when the listing has a notify category; a weight of zero never does.
     */
    public static boolean counts(Listing listing, Set<Category> notifyCategories) {
        if (listing.weight() < 0) {
            return true;
        }
        if (listing.weight() == 0) {
            return false;
        }
        for (Category c : listing.categories()) {
            if (notifyCategories.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** The complete verdict of an address that no source lists and every source answered for. */
    public static Verdict clean(IpAddress ip) {
        return new Verdict(Objects.requireNonNull(ip, "ip"), List.of(), NONE_COUNTED, Set.of(), List.of(), List.of(),
                0, DEFAULT_THRESHOLD, Decision.CLEAN, true);
    }

    /** The verdict of an address whose lookup has not finished: not listed, no notice. */
    public static Verdict unknown(IpAddress ip) {
        return new Verdict(Objects.requireNonNull(ip, "ip"), List.of(), NONE_COUNTED, Set.of(), List.of(), List.of(),
                0, DEFAULT_THRESHOLD, Decision.UNKNOWN, false);
    }

    /** @throws IllegalArgumentException unless {@code threshold} is a positive finite number */
    static double requireThreshold(double threshold) {
        // a threshold of zero or less would notify for an address that no list names
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the notify threshold must be a number greater than zero: " + threshold);
        }
        return threshold;
    }

    public IpAddress ip() {
        return ip;
    }

    /** Every listing, in the order the sources were configured, each with the weight it was given. */
    public List<Listing> listings() {
        return listings;
    }

    /**
     * Whether the listing at {@code index} of {@link #listings()} counted towards the
     * {@linkplain #score() score}; see {@link #counts}.
     */
    public boolean counted(int index) {
        return counted[index];
    }

    /** The union of the listings' categories. */
    public Set<Category> categories() {
        return categories;
    }

    /** Sources that timed out, failed or were suspended. */
    public List<SourceError> errors() {
        return errors;
    }

    /**
     * Sources that had not answered when the verdict was {@linkplain #decidedEarly decided early};
     * empty for a complete or an unknown verdict.
     */
    public List<String> pending() {
        return pending;
    }

    /** Whether some source lists the address (an allowlist included). */
    public boolean listed() {
        return !listings.isEmpty();
    }

    /** The sum of the weights of the listings that count; 0 for an unknown verdict. */
    public double score() {
        return score;
    }

    /** The score at which a verdict notifies. */
    public double threshold() {
        return threshold;
    }

    /** Whether the visitor should be told: the {@linkplain #score() score} reached the {@linkplain #threshold() threshold}. */
    public boolean shouldNotify() {
        return decision == Decision.NOTIFY;
    }

    /** How the verdict came out, for metrics: whether an allowlist vetoed a notice, for instance. */
    public Decision decision() {
        return decision;
    }

    /** Whether every source answered or failed before the verdict was made (false for an unknown verdict, or one decided early). */
    public boolean complete() {
        return complete;
    }

    /** Whether the verdict says whether to notify: it is complete or was decided early (false only for an unknown verdict). */
    public boolean decided() {
        return decision != Decision.UNKNOWN;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Verdict that && ip.equals(that.ip) && listings.equals(that.listings)
                && errors.equals(that.errors) && pending.equals(that.pending) && decision == that.decision
                && Double.compare(threshold, that.threshold) == 0 && complete == that.complete;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ip, listings, errors, pending, decision, complete);
    }

    /** A summary for logs and debugging; it holds the full address, so log it only where that is allowed. */
    @Override
    public String toString() {
        if (!decided()) {
            return "Verdict{" + ip + " unknown}";
        }
        return "Verdict{" + ip + (listed() ? " listed " + categories : " clean") + " " + decision.id()
                + (listings.isEmpty() ? "" : " score=" + number(score) + "/" + number(threshold) + " listings=" + listings)
                + (errors.isEmpty() ? "" : " errors=" + errors) + (pending.isEmpty() ? "" : " pending=" + pending) + "}";
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** How a verdict came out. */
    public enum Decision {
        /** The score reached the threshold: the visitor is told. */
        NOTIFY,
        /** The accusing listings alone reached the threshold, and an allowlist pulled the score below it. */
        VETOED,
        /** Some listings counted, but not enough to reach the threshold. */
        BELOW_THRESHOLD,
        /** No listing accused the address (it may still be on an allowlist, or on lists that do not count). */
        CLEAN,
        /** The lookup had not finished within the caller's budget. */
        UNKNOWN;

        private final String id = name().toLowerCase(Locale.ROOT).replace('_', '-');

        /** The lower-case name used as a metrics tag and in JSON, e.g. {@code below-threshold}. */
        public String id() {
            return id;
        }
    }
}
