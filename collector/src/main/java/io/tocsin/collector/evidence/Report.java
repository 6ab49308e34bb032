package io.tocsin.collector.evidence;

import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One report that an address is infected (or spamming, …): what {@link EvidenceStore#record} merges
 * into the address's {@link Evidence}.
 *
 * @param ip the reported address
 * @param category what the report says the address is
 * @param threat the threat's name, e.g. {@code Win.Worm.Sober-2}; empty when unknown, never null.
 *     Control characters become spaces and names are cut at 200 characters
 * @param kind how the report was gathered
 * @param seen when the reported event happened (for mail: when it was collected)
 * @param reference what the report is about, so that the same event is never counted twice (e.g.
 *     {@code sha256:HEX} of a message's Message-ID); {@code null} when the event has no identity
 *     and every report counts. Never the Message-ID itself, never content or recipients
 */
public record Report(IpAddress ip, Category category, String threat, EvidenceKind kind, Instant seen, String reference) {

    public Report {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(category, "category");
        threat = Threats.clean(threat);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(seen, "seen");
        if (reference != null && (reference.isEmpty() || reference.length() > 100)) {
            throw new IllegalArgumentException("a report's reference must have 1 to 100 characters: \"" + reference + "\"");
        }
    }
}
