package io.tocsin.core;

import io.tocsin.core.ip.IpRange;
import java.util.Objects;

/**
 * One entry of an {@link EnumerableSource}: a range of addresses and what the source says about them.
 *
 * @param range the addresses, often a single one
 * @param listing the source's listing of each of them
 */
public record ListedRange(IpRange range, Listing listing) {

    public ListedRange {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(listing, "listing");
    }
}
