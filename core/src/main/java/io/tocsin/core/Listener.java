package io.tocsin.core;

import io.tocsin.core.ip.IpAddress;

/**
 * Observes lookups, outcomes, timings and health changes: the hook that metrics and logging bind to.
 * Core has no metrics dependency; the Spring adapter binds Micrometer here.
 *
 * <p>Methods are called on lookup threads (often the DNS client's), so implementations must be
 * thread-safe, quick, and must not throw; a thrown exception is caught and ignored.
 */
public interface Listener {

    /** A listener that does nothing. */
    Listener NONE = new Listener() {
    };

    /**
     * One source answered (or failed, or was skipped) for one address.
     *
     * @param nanos time from asking the source to its answer
     */
    default void sourceQueried(String source, IpAddress ip, SourceResult result, long nanos) {
    }

    /**
     * A verdict was looked up (not served from the cache), in {@code nanos} across all sources; once
     * per lookup, with the complete verdict. {@link Verdict#decision()} tells how it came out.
     */
    default void verdictComputed(Verdict verdict, long nanos) {
    }

    /**
     * A lookup answered its callers before every source had: the sources still pending
     * ({@link Verdict#pending()}) could no longer change whether it notifies. The complete verdict
     * follows in {@link #verdictComputed} once they answer; count decisions there
     * ({@link Verdict#decision()}, e.g. how often an allowlist vetoed a notice), not here.
     *
     * @param nanos time from the start of the lookup to the early answer
     */
    default void verdictAnsweredEarly(Verdict verdict, long nanos) {
    }

    /** A caller's lookup budget ran out before the verdict was ready; the caller got an unknown verdict. */
    default void budgetExceeded(IpAddress ip) {
    }

    /** A source changed health state. */
    default void healthChanged(String source, SourceHealth health) {
    }
}
