package io.tocsin.servlet;

import java.util.Locale;

/** What the filter does for a visitor whose verdict says they should be told. */
public enum Mode {
    /** A dismissable banner inserted right after the page's opening {@code <body>} tag. */
    BANNER,
    /** A {@code 303} from page navigations to the full notice, once per acknowledgement. */
    INTERSTITIAL,
    /** A {@code 403} with the notice for every request outside Tocsin's path and the allow-list. */
    BLOCK,
    /** Responses untouched; the verdict is only handed to the application as a request attribute. */
    OBSERVE;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The configuration value, e.g. {@code banner}; also the value of the {@code Tocsin-Notice} header. */
    public String id() {
        return id;
    }

    /**
     * The mode named {@code id} (case-insensitive).
     *
     * @throws IllegalArgumentException if there is none
     */
    public static Mode of(String id) {
        for (Mode mode : values()) {
            if (mode.id().equalsIgnoreCase(id.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("not a mode: " + id + " (allowed: banner, interstitial, block, observe)");
    }

    @Override
    public String toString() {
        return id();
    }
}
