package io.tocsin.core;

import java.util.Locale;

/** The outcome of one source lookup, as metrics tag it. */
public enum Outcome {
    LISTED, CLEAN, ERROR, TIMEOUT;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used as a metrics tag. */
    public String id() {
        return id;
    }
}
