package io.tocsin.core;

import io.tocsin.core.ip.IpAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the configured lists say about one address: all listings, the union of their
 * categories, the sources that failed, and whether the visitor should be told.
 *
 * <p>A verdict is <em>unknown</em> when the caller's lookup budget ran out first; it then holds no
 * listings and never notifies (fail open), while the lookup goes on and fills the cache.
 */
public final class Verdict {

    private final IpAddress ip;
    private final List<Listing> listings;
    private final Set<Category> categories;
    private final List<SourceError> errors;
    private final boolean notify;
    private final boolean complete;

    private Verdict(IpAddress ip, List<Listing> listings, Set<Category> categories, List<SourceError> errors,
                    boolean notify, boolean complete) {
        this.ip = ip;
        this.listings = listings;
        this.categories = categories;
        this.errors = errors;
        this.notify = notify;
        this.complete = complete;
    }

    /**
     * A complete verdict; {@code notify} is true when some listing has a category in {@code notifyCategories}.
     */
    public static Verdict of(IpAddress ip, List<Listing> listings, List<SourceError> errors, Set<Category> notifyCategories) {
        Objects.requireNonNull(ip, "ip");
        List<Listing> listingsCopy = List.copyOf(listings);
        List<SourceError> errorsCopy = List.copyOf(errors);
        if (listingsCopy.isEmpty()) {
            return new Verdict(ip, List.of(), Set.of(), errorsCopy, false, true);
        }
        EnumSet<Category> union = EnumSet.noneOf(Category.class);
        for (Listing listing : listingsCopy) {
            union.addAll(listing.categories());
        }
        boolean notify = false;
        for (Category c : union) {
            notify |= notifyCategories.contains(c);
        }
        return new Verdict(ip, listingsCopy, Categories.immutable(union), errorsCopy, notify, true);
    }

    /** The complete verdict of an address that no source lists and every source answered for. */
    public static Verdict clean(IpAddress ip) {
        return new Verdict(Objects.requireNonNull(ip, "ip"), List.of(), Set.of(), List.of(), false, true);
    }

    /** The verdict of an address whose lookup has not finished: not listed, no notice. */
    public static Verdict unknown(IpAddress ip) {
        return new Verdict(Objects.requireNonNull(ip, "ip"), List.of(), Set.of(), List.of(), false, false);
    }

    public IpAddress ip() {
        return ip;
    }

    /** Every listing, in the order the sources were configured. */
    public List<Listing> listings() {
        return listings;
    }

    /** The union of the listings' categories. */
    public Set<Category> categories() {
        return categories;
    }

    /** Sources that timed out, failed or were suspended. */
    public List<SourceError> errors() {
        return errors;
    }

    /** Whether some source lists the address. */
    public boolean listed() {
        return !listings.isEmpty();
    }

    /** Whether the visitor should be told: some listing has a category that triggers a notice. */
    public boolean shouldNotify() {
        return notify;
    }

    /** Whether every source answered or failed before the verdict was made (false for an unknown verdict). */
    public boolean complete() {
        return complete;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Verdict that && ip.equals(that.ip) && listings.equals(that.listings)
                && errors.equals(that.errors) && notify == that.notify && complete == that.complete;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ip, listings, errors, notify, complete);
    }

    /** A summary for logs and debugging; it holds the full address, so log it only where that is allowed. */
    @Override
    public String toString() {
        if (!complete) {
            return "Verdict{" + ip + " unknown}";
        }
        return "Verdict{" + ip + (listed() ? " listed " + categories : " clean") + (notify ? " notify" : "")
                + (listings.isEmpty() ? "" : " listings=" + listings) + (errors.isEmpty() ? "" : " errors=" + errors) + "}";
    }
}
