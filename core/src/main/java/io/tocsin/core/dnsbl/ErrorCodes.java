package io.tocsin.core.dnsbl;

import io.tocsin.core.ip.IpAddress;

/**
 * Answers that are never listings (RFC 5782 section 2.1; Spamhaus's published error codes): codes
 * outside 127.0.0.0/8, and codes in 127.255.255.0/24, which list operators use to say that a query
 * was refused.
 */
final class ErrorCodes {

    private ErrorCodes() {
    }

    /** Why {@code code} is not a listing, or {@code null} if it may be one. */
    static String problem(int code) {
        if ((code >>> 24) != 127) {
            return "answered " + IpAddress.ofIpv4(code) + ", outside 127.0.0.0/8 (a hijacking resolver, or not a DNSBL)";
        }
        if ((code >>> 8) == 0x7FFFFF) {
            return "answered error code " + IpAddress.ofIpv4(code) + meaning(code & 0xFF);
        }
        return null;
    }

    private static String meaning(int last) {
        switch (last) {
            case 254: return ": queried through a public resolver, which the list refuses; use your own resolver";
            case 255: return ": too many queries; the list refuses this resolver";
            case 252: return ": the zone name is mistyped or the query malformed";
            case 250: return ": the access key is not valid";
            default: return ": the list refused the query";
        }
    }
}
