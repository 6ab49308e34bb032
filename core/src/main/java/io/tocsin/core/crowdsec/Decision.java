package io.tocsin.core.crowdsec;

import io.tocsin.core.http.UnexpectedJsonException;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpRange;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * One CrowdSec decision as the Local API sends it to bouncers:
 * {@code {"duration":"59m55.7s","id":1,"origin":"cscli","scenario":"sober","scope":"Ip","type":"ban","value":"192.0.2.66"}}.
 *
 * @param key identity for idempotent deletion: the id, or the other fields when the id is missing
 * @param type {@code ban}, {@code captcha} or a custom type
 * @param range the addresses it covers ({@code Ip} and {@code Range} scopes only)
 * @param scenario why, as CrowdSec names it (untrusted text)
 * @param duration the time left when it was sent; negative for deleted or expired ones
 */
record Decision(String key, String type, IpRange range, String scenario, Duration duration) {

    /**
     * Reads one decision; {@code null} when it does not apply to an address (scopes such as
     * {@code Country} or {@code AS}).
     *
     * @throws UnexpectedJsonException when a field is missing or of the wrong type
     */
    static Decision parse(JsonNode node, boolean needDuration) throws UnexpectedJsonException {
        if (!node.isObject()) {
            throw new UnexpectedJsonException("a decision is not a JSON object but " + node.getNodeType());
        }
        String type = text(node, "type", true);
        String scope = text(node, "scope", true);
        String value = text(node, "value", true);
        String scenario = text(node, "scenario", false);
        String durationText = text(node, "duration", needDuration);
        JsonNode id = node.get("id");
        if (id != null && !id.isNull() && !id.isIntegralNumber()) {
            throw new UnexpectedJsonException("decision field \"id\" is not a number");
        }
        Duration duration = null;
        if (durationText != null) {
            try {
                duration = GoDuration.parse(durationText);
            } catch (IllegalArgumentException e) {
                throw new UnexpectedJsonException("decision field \"duration\": " + e.getMessage());
            }
        }
        IpRange range;
        switch (scope.toLowerCase(Locale.ROOT)) {
            case "ip" -> {
                IpAddress address = IpAddress.tryParse(value);
                if (address == null) {
                    throw new UnexpectedJsonException("decision of scope Ip has a value that is not an IP address");
                }
                range = IpRange.of(address);
            }
            case "range" -> {
                range = cidr(value);
                if (range == null) {
                    throw new UnexpectedJsonException("decision of scope Range has a value that is not a CIDR range");
                }
            }
            default -> {
                return null;
            }
        }
        String key = id != null && !id.isNull() ? "#" + id.asLong()
                : scope + '|' + value + '|' + type + '|' + scenario + '|' + text(node, "origin", false);
        return new Decision(key, type, range, scenario == null ? "" : scenario, duration);
    }

    private static String text(JsonNode node, String field, boolean required) throws UnexpectedJsonException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new UnexpectedJsonException("decision has no \"" + field + "\"");
            }
            return null;
        }
        if (!v.isString()) {
            throw new UnexpectedJsonException("decision field \"" + field + "\" is not a string but " + v.getNodeType());
        }
        return v.stringValue();
    }

    /** Parses a CIDR block, clearing host bits ({@code 192.0.2.1/24} covers 192.0.2.0/24) as CrowdSec does. */
    static IpRange cidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            IpAddress a = IpAddress.tryParse(text);
            return a == null ? null : IpRange.of(a);
        }
        IpAddress base = IpAddress.tryParse(text, 0, slash);
        if (base == null) {
            return null;
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        int bits = base.isIpv4() ? 32 : 128;
        if (prefix < 0 || prefix > bits) {
            return null;
        }
        int hostBits = bits - prefix;
        long hostHigh = hostBits <= 64 ? 0L : hostBits == 128 ? -1L : (1L << (hostBits - 64)) - 1;
        long hostLow = hostBits == 0 ? 0L : hostBits >= 64 ? -1L : (1L << hostBits) - 1;
        IpAddress first = IpAddress.ofBits(base.highBits() & ~hostHigh, base.lowBits() & ~hostLow);
        IpAddress last = IpAddress.ofBits(base.highBits() | hostHigh, base.lowBits() | hostLow);
        return IpRange.of(first, last);
    }
}
