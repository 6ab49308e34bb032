package io.tocsin.core;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One list's statement that an address is listed.
 *
 * @param source the configured name of the list
 * @param categories what the listing means, never empty
 * @param codes the list's raw answer codes, e.g. {@code 127.0.0.4}; may be empty
 * @param reason the list's own explanation, or {@code null}. Untrusted text from outside: escape it
 *     wherever it is shown
 */
public record Listing(String source, Set<Category> categories, List<String> codes, String reason) {

    public Listing {
        Objects.requireNonNull(source, "source");
        categories = Categories.immutable(categories);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a listing needs a category");
        }
        codes = List.copyOf(codes);
    }

    public Listing(String source, Category category, List<String> codes, String reason) {
        this(source, Set.of(category), codes, reason);
    }
}
