package io.tocsin.collector.mail;

import io.tocsin.core.ip.IpSet;
import java.util.List;

/**
 * Finds the "last untrusted relay" (as SpamCop and SpamAssassin call it): walking the
 * {@code Received} headers down from the top, the first hop whose peer is not one of the operator's
 * own relays ({@code tocsin.collect.trusted-relays}). Every header below that one was written by
 * the sender's side and may be forged, so the walk never goes further, and never past a network
 * hop whose address it cannot read.
 */
final class RelayWalk {

    /**
     * The outcome.
     *
     * @param index the origin's position among the {@code Received} headers (0 = top), or -1
     * @param origin the origin hop, or {@code null}
     * @param skipped why there is no usable origin, or {@code null}
     */
    record Result(int index, Hop origin, String skipped) {
    }

    private RelayWalk() {
    }

    static Result walk(List<Hop> hops, IpSet trusted) {
        if (hops.isEmpty()) {
            return new Result(-1, null, "no Received header");
        }
        for (int i = 0; i < hops.size(); i++) {
            Hop hop = hops.get(i);
            if (hop.ip() == null) {
                if (hop.local()) {
                    continue; // a hand-over inside one host: the next header down is still ours
                }
                return new Result(-1, null, "Received header " + (i + 1) + " names no connecting address"
                        + " (a format not understood); headers below it may be forged, so the walk stops");
            }
            if (trusted.contains(hop.ip())) {
                continue;
            }
            String notGlobal = AddressScope.notGlobal(hop.ip());
            if (notGlobal != null) {
                return new Result(i, null, "origin " + hop.ip() + " is not a global unicast address: " + notGlobal
                        + "; if it is one of your relays, add it to tocsin.collect.trusted-relays");
            }
            return new Result(i, hop, null);
        }
        return new Result(-1, null, "no Received header names an untrusted connecting address");
    }
}
