package io.tocsin.core;

import java.util.function.Consumer;

/**
 * A source that can tell everything it lists, not only whether it lists one address: an inline list,
 * a feed, a CrowdSec stream, a store of evidence. A publisher reads it to republish the source's
 * content as a zone or a feed.
 */
public interface EnumerableSource extends Source {

    /**
     * Passes every entry the source lists now to {@code action}, from one consistent copy, in no
     * particular order; overlapping entries may occur. Each entry's listing is what {@link #query}
     * answers for the addresses it covers.
     *
     * @return {@code false}, having passed nothing, when the source has nothing loaded yet (or its
     *     first load failed): an empty list and an unknown one are not the same
     */
    boolean forEachListed(Consumer<? super ListedRange> action);
}
