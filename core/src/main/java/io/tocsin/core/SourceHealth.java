package io.tocsin.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a source's answers are used, and why not.
 *
 * @param state the state
 * @param reason a human-readable explanation, e.g. "test point 127.0.0.1 is listed: the zone lists the world"
 * @param since when the source entered this state
 */
public record SourceHealth(State state, String reason, Instant since) {

    public SourceHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    public static SourceHealth up(String reason, Instant since) {
        return new SourceHealth(State.UP, reason, since);
    }

    public static SourceHealth starting(String reason, Instant since) {
        return new SourceHealth(State.STARTING, reason, since);
    }

    public static SourceHealth suspended(String reason, Instant since) {
        return new SourceHealth(State.SUSPENDED, reason, since);
    }

    /**
     * This health as the successor of {@code previous}: in the same state it keeps
     * {@code previous.since()}, so that {@code since} says how long the state has lasted, not when
     * its reason last changed (a feed's entry count, a stream's last poll).
     */
    public SourceHealth after(SourceHealth previous) {
        return previous != null && previous.state == state && !previous.since.equals(since)
                ? new SourceHealth(state, reason, previous.since)
                : this;
    }

    public boolean isUp() {
        return state == State.UP;
    }

    /** The states of a source. */
    public enum State {
        /** Not yet verified (the first health check or load is under way); lookups report an error. */
        STARTING,
        /** Answers are used. */
        UP,
        /** Failed its health check or answered with an error code; lookups report an error until it passes again. */
        SUSPENDED
    }
}
