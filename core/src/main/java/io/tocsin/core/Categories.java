package io.tocsin.core;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Immutable, ordered category sets (declaration order, so output is stable). */
final class Categories {

    private Categories() {
    }

    static Set<Category> immutable(Set<Category> categories) {
        if (categories.isEmpty()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(categories));
    }
}
