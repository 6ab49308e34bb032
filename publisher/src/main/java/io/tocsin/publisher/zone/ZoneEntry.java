package io.tocsin.publisher.zone;

import io.tocsin.core.Category;
import io.tocsin.core.ip.IpRange;
import java.util.Objects;

/**
 * One published entry: a range of addresses (one CIDR block once written), its category and the
 * TXT text. Entries of one publication never overlap.
 */
record ZoneEntry(IpRange range, Category category, String text) {

    ZoneEntry {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
    }
}
