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
 *     wherever it is shown. Cut to {@link #MAX_REASON_LENGTH} characters, an ellipsis marking the cut
 * @param weight how much the listing counts towards a verdict's {@linkplain Verdict#score() score}:
 *     in a verdict, the weight the checker gave it (the source's {@code weight}, or its code's);
 *     negative for an allowlist. Sources leave it at the default, {@code 1}. Finite
 */
public record Listing(String source, Set<Category> categories, List<String> codes, String reason, double weight) {

    /** The weight of a listing unless configured otherwise. */
    public static final double DEFAULT_WEIGHT = 1;

    /**
     * The longest reason kept, in UTF-16 code units, before the ellipsis that marks a cut: lists are
     * untrusted and some answers are long (a DNSBL's TXT records, an API's free text). A cut never
     * splits a surrogate pair, so a reason may end one unit shorter.
     */
    public static final int MAX_REASON_LENGTH = 500;

    public Listing {
        Objects.requireNonNull(source, "source");
        reason = cut(reason);
        categories = Categories.immutable(categories);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a listing needs a category");
        }
        codes = List.copyOf(codes);
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("a listing's weight must be a finite number: " + weight);
        }
    }

    public Listing(String source, Set<Category> categories, List<String> codes, String reason) {
        this(source, categories, codes, reason, DEFAULT_WEIGHT);
    }

    public Listing(String source, Category category, List<String> codes, String reason) {
        this(source, Set.of(category), codes, reason, DEFAULT_WEIGHT);
    }

    /** This listing with another weight. */
    public Listing withWeight(double newWeight) {
        return newWeight == weight ? this : new Listing(source, categories, codes, reason, newWeight);
    }

    private static String cut(String reason) {
        if (reason == null || reason.length() <= MAX_REASON_LENGTH) {
            return reason;
        }
        int end = Character.isHighSurrogate(reason.charAt(MAX_REASON_LENGTH - 1)) ? MAX_REASON_LENGTH - 1 : MAX_REASON_LENGTH;
        return reason.substring(0, end) + "\u2026";
    }
}
