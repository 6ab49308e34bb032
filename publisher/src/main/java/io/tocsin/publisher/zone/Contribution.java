package io.tocsin.publisher.zone;

import io.tocsin.core.Category;
import io.tocsin.core.ip.IpRange;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one input says about a range of addresses, as the combiner weighs it.
 *
 * @param range the addresses
 * @param weight what it adds to their score when it counts (negative for an allowlist)
 * @param counts whether it counts: an allowlist always does, an accusing input only with a category
 *     that notifies
 * @param category the category its published entry has, when it accuses (the most severe that notifies)
 * @param text the TXT text when it accuses, already in the published form ({@code CATEGORY: …})
 * @param evidence whether it comes from collected evidence, whose text is preferred over a list's
 */
record Contribution(IpRange range, BigDecimal weight, boolean counts, Category category, String text, boolean evidence) {

    Contribution {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(weight, "weight");
    }

    boolean accuses() {
        return counts && weight.signum() > 0;
    }
}
