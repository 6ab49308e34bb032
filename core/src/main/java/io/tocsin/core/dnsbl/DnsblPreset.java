package io.tocsin.core.dnsbl;

import io.tocsin.core.Category;

/**
 * Well-known lists, with their zones and return codes built in. Configuration keys still override
 * every part, e.g. {@code zone} for a local mirror.
 */
public enum DnsblPreset {

    /**
     * Spamhaus ZEN: SBL, CSS, XBL and PBL in one zone. Only XBL (exploited hosts, 127.0.0.4-7) means
     * infected; PBL (127.0.0.10-11) is policy and never the visitor's fault.
     */
    SPAMHAUS_ZEN("spamhaus-zen", "zen.spamhaus.org",
            ReturnCodes.parse("127.0.0.2,127.0.0.3,127.0.0.9=spam,127.0.0.4-127.0.0.7=infected,127.0.0.10-127.0.0.11=policy", Category.OTHER),
            "https://check.spamhaus.org/", 4.0),

    /** Spamhaus XBL: hosts infected by malware, including the CBL. */
    SPAMHAUS_XBL("spamhaus-xbl", "xbl.spamhaus.org",
            ReturnCodes.parse("127.0.0.4-127.0.0.7=infected", Category.OTHER),
            "https://check.spamhaus.org/", 4.0),

    /**
     * Project Honey Pot's http:BL: answers encode days since last seen, a threat score and a visitor
     * type, and every query carries the operator's access key. It has no RFC 5782 test points.
     */
    HTTPBL("httpbl", "dnsbl.httpbl.org", ReturnCodes.all(Category.OTHER),
            "https://www.projecthoneypot.org/search_ip.php", 0);

    private final String id;
    private final String zone;
    private final ReturnCodes codes;
    private final String lookupUrl;
    private final double freeUseRate;

    DnsblPreset(String id, String zone, ReturnCodes codes, String lookupUrl, double freeUseRate) {
        this.id = id;
        this.zone = zone;
        this.codes = codes;
        this.lookupUrl = lookupUrl;
        this.freeUseRate = freeUseRate;
    }

    /**
     * Queries per second that stay within the operator's free-use terms, or 0 for none known.
     * Spamhaus's public mirrors allow about 300,000 queries a day (4 a second is 345,600); sites
     * above that need a Data Query Service key or a mirror, and should raise {@code max-rate}.
     */
    public double freeUseRate() {
        return freeUseRate;
    }

    /** The name used in configuration, e.g. {@code spamhaus-zen}. */
    public String id() {
        return id;
    }

    public String zone() {
        return zone;
    }

    public ReturnCodes codes() {
        return codes;
    }

    /** The list operator's page where a visitor can look an address up and ask for delisting. */
    public String lookupUrl() {
        return lookupUrl;
    }

    /**
     * The preset named {@code id}.
     *
     * @throws IllegalArgumentException naming the input and the allowed values
     */
    public static DnsblPreset of(String id) {
        for (DnsblPreset preset : values()) {
            if (preset.id.equalsIgnoreCase(id.trim())) {
                return preset;
            }
        }
        throw new IllegalArgumentException("unknown preset \"" + id + "\" (allowed: spamhaus-zen, spamhaus-xbl, httpbl)");
    }
}
