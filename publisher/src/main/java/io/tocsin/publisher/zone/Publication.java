package io.tocsin.publisher.zone;

import java.util.Locale;

/**
 * What one run of {@code publish} did.
 *
 * @param zone the zone
 * @param ipv4Entries published IPv4 entries (ranges before they are cut into CIDR blocks)
 * @param ipv6Entries published IPv6 entries
 * @param size IPv4 addresses plus IPv6 /64 networks
 * @param ip4set whether {@code NAME.ip4set} was rewritten (its content changed)
 * @param ip6trie whether {@code NAME.ip6trie} was rewritten
 * @param feed whether {@code NAME.txt} was rewritten
 * @param refusal why nothing was published (the files are as before), or {@code null}
 */
public record Publication(String zone, int ipv4Entries, int ipv6Entries, double size,
                          boolean ip4set, boolean ip6trie, boolean feed, String refusal) {

    static Publication refused(String zone, String why) {
        return new Publication(zone, 0, 0, 0, false, false, false, why);
    }

    /** Whether the list was published (even if no file had to change). */
    public boolean published() {
        return refusal == null;
    }

    /** One line for the operator. */
    @Override
    public String toString() {
        if (refusal != null) {
            return "not publishing " + zone + ": " + refusal;
        }
        return String.format(Locale.ROOT, "published %s: %d IPv4 and %d IPv6 entries (%.0f %s); %s.ip4set %s, %s.ip6trie %s, %s.txt %s",
                zone, ipv4Entries, ipv6Entries, size, Math.round(size) == 1 ? "address" : "addresses", zone, state(ip4set), zone, state(ip6trie), zone, state(feed));
    }

    private static String state(boolean changed) {
        return changed ? "replaced" : "unchanged";
    }
}
