package io.tocsin.publisher.dns;

import io.tocsin.core.ip.IpAddress;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * What a query name asks of a DNSBL zone (RFC 5782 section 2.1 and 2.4): an address, written as its
 * four decimal octets or its 32 hexadecimal nibbles in reverse order before the zone; the zone's apex;
 * a prefix of such a name (an "empty non-terminal", which resolvers that minimise query names, RFC
 * 9156, ask about on their way down); or something this server does not serve.
 *
 * <p>Parsing is strict, on the label bytes rather than on their text: an octet is 1 to 3 ASCII digits
 * without a leading zero and at most 255; a nibble is one ASCII hexadecimal digit (either case, as DNS
 * names compare case-insensitively). Anything else under the zone is {@link Kind#MALFORMED}.
 */
record QueryName(Kind kind, IpAddress address) {

    /** What the name is. */
    enum Kind {
        /** An address under the zone; {@link #address()} holds it. */
        ADDRESS,
        /** The zone itself. */
        APEX,
        /** A proper prefix of an address name: exists, holds no records. */
        INTERMEDIATE,
        /** Under the zone, but no address and no prefix of one. */
        MALFORMED,
        /** Not under the zone. */
        OUT_OF_ZONE
    }

    static final QueryName APEX = new QueryName(Kind.APEX, null);
    static final QueryName INTERMEDIATE = new QueryName(Kind.INTERMEDIATE, null);
    static final QueryName MALFORMED = new QueryName(Kind.MALFORMED, null);
    static final QueryName OUT_OF_ZONE = new QueryName(Kind.OUT_OF_ZONE, null);

    private static final int V4_LABELS = 4;
    private static final int V6_LABELS = 32;

    /** Parses {@code name} against the absolute {@code zone}. */
    static QueryName parse(Name name, Name zone) {
        Objects.requireNonNull(name, "name");
        if (!name.isAbsolute() || !name.subdomain(zone)) {
            return OUT_OF_ZONE;
        }
        int count = name.labels() - zone.labels();
        if (count == 0) {
            return APEX;
        }
        if (count > V6_LABELS) {
            return MALFORMED;
        }
        boolean octets = count <= V4_LABELS;
        boolean nibbles = true;
        int v4 = 0;
        long high = 0;
        long low = 0;
        for (int i = 0; i < count && (octets || nibbles); i++) {
            byte[] label = name.getLabel(i); // [length, bytes...]
            if (octets) {
                int octet = octet(label);
                if (octet < 0) {
                    octets = false;
                } else {
                    v4 |= octet << (8 * i);
                }
            }
            if (nibbles) {
                int nibble = label[0] == 1 ? hex(label[1]) : -1;
                if (nibble < 0) {
                    nibbles = false;
                } else if (i < 16) {
                    low |= (long) nibble << (4 * i);
                } else {
                    high |= (long) nibble << (4 * (i - 16));
                }
            }
        }
        if (octets && count == V4_LABELS) {
            return new QueryName(Kind.ADDRESS, IpAddress.ofIpv4(v4));
        }
        if (nibbles && count == V6_LABELS) {
            return new QueryName(Kind.ADDRESS, IpAddress.ofBits(high, low));
        }
        if ((octets && count < V4_LABELS) || (nibbles && count < V6_LABELS)) {
            return INTERMEDIATE;
        }
        return MALFORMED;
    }

    private static int octet(byte[] label) {
        int length = label[0];
        if (length < 1 || length > 3 || (length > 1 && label[1] == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 1; i <= length; i++) {
            int c = label[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
