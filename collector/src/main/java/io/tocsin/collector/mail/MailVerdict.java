package io.tocsin.collector.mail;

import java.util.Locale;

/** What a scanner said about a message. */
public enum MailVerdict {
    /** A virus scanner found malware. */
    INFECTED,
    /** A spam filter flagged it. */
    SPAM,
    /** A scanner looked and found nothing. */
    CLEAN,
    /** No scanner said anything usable (no scanner header above the trusted boundary, clamd down). */
    UNKNOWN;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON. */
    public String id() {
        return id;
    }
}
