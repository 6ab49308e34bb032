package io.tocsin.core;

import java.util.concurrent.CompletionStage;

/**
 * A {@code max-rate} that holds for several checkers together (a farm of nodes), in place of each
 * checker's own token bucket. Asked only on a cache miss, before a source with a rate cap is
 * queried.
 *
 * <p>Implementations are thread-safe. When they cannot decide (the shared store is down or slow),
 * {@link #tryAcquire} completes with {@code null} within its own timeout and the checker applies
 * its own bucket instead. Futures complete on a thread of the implementation's own.
 */
public interface SharedRateLimits extends AutoCloseable {

    /**
     * Takes one query from the shared bucket of {@code source}, which refills at {@code maxRate}
     * queries per second up to a burst of {@code burst}: {@code true} to go ahead, {@code false} when
     * the farm is over the rate, {@code null} when undecided. Always completes normally.
     */
    CompletionStage<Boolean> tryAcquire(String source, double maxRate, double burst);

    /** Releases what the implementation holds (not a connection lent to it). */
    @Override
    void close();
}
