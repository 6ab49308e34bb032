package io.tocsin.collector.evidence;

import java.util.Locale;

/** How evidence was gathered. */
public enum EvidenceKind {
    /** From an infected or spam message the address sent ({@code collect}). */
    MAIL,
    /** From the address's network traffic, e.g. beacons to a worm's hosts ({@code sense}). */
    TRAFFIC,
    /** Added by an operator ({@code evidence add}). */
    MANUAL;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in configuration, JSON and the store. */
    public String id() {
        return id;
    }

    /**
     * The kind named {@code id} ({@code mail}, {@code traffic}, {@code manual}), ignoring case.
     *
     * @throws IllegalArgumentException naming the input and the allowed values
     */
    public static EvidenceKind of(String id) {
        for (EvidenceKind kind : values()) {
            if (kind.id.equalsIgnoreCase(id.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown evidence kind \"" + id + "\" (allowed: mail, traffic, manual)");
    }

    @Override
    public String toString() {
        return id;
    }
}
