package io.tocsin.core;

import java.util.Locale;

/** What a list says about an address. Only {@link #INFECTED} triggers a notice by default. */
public enum Category {
    /** The host is infected: it runs malware, a bot, or a spam-sending trojan. */
    INFECTED,
    /** The host sent spam, whether or not it is infected. */
    SPAM,
    /** The host attacked others: brute force, scanning, exploits. */
    ATTACKER,
    /** The host is an open proxy, a VPN or a Tor exit. */
    PROXY,
    /** A policy listing such as Spamhaus PBL: the address should not send mail directly. Never a fault of the visitor. */
    POLICY,
    /** Anything else a list reports. */
    OTHER;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in configuration and JSON. */
    public String id() {
        return id;
    }

    /**
     * The category named {@code id} ({@code infected}, {@code spam}, …), ignoring case.
     *
     * @throws IllegalArgumentException naming the input and the allowed values
     */
    public static Category of(String id) {
        for (Category c : values()) {
            if (c.id.equalsIgnoreCase(id.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown category \"" + id + "\" (allowed: infected, spam, attacker, proxy, policy, other)");
    }

    @Override
    public String toString() {
        return id;
    }
}
