package io.tocsin.core;

import java.time.Duration;

/**
 * Applies a source's {@link SourceLimits}: a token bucket for its query rate and a circuit breaker
 * over consecutive failures. Thread-safe; only cache misses reach it, so a monitor is cheap enough.
 */
final class SourceGuard {

    private enum State { CLOSED, OPEN, PROBING }

    private final SourceLimits limits;
    private final double tokensPerNano;
    private final double burst;

    private double tokens;
    private long lastRefill;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openUntil;
    private long openForNanos;

    SourceGuard(SourceLimits limits, long now) {
        this.limits = limits;
        this.tokensPerNano = limits.maxRate() / 1e9;
        this.burst = Math.max(1.0, limits.maxRate());
        this.tokens = burst;
        this.lastRefill = now;
        this.openForNanos = limits.openFor().toNanos();
    }

    /** Why the source must not be asked now, or {@code null} to go ahead (which may take a token). */
    synchronized SourceResult refuse(long now) {
        return refuse(now, true);
    }

    /**
     * As {@link #refuse(long)}; without {@code rate}, only the circuit breaker decides (the rate is
     * the farm's, see {@link SharedRateLimits}).
     */
    synchronized SourceResult refuse(long now, boolean rate) {
        if (state == State.OPEN) {
            if (now - openUntil < 0) {
                return SourceResult.failed(SourceResult.Failure.SUSPENDED, "skipped after " + consecutiveFailures
                        + " failures in a row; next try in " + Duration.ofNanos(openUntil - now).toSeconds() + "s");
            }
            state = State.PROBING; // this caller's query is the probe
        } else if (state == State.PROBING) {
            return SourceResult.failed(SourceResult.Failure.SUSPENDED, "skipped while a probe query is under way after "
                    + consecutiveFailures + " failures in a row");
        }
        return rate ? overRate(now) : null;
    }

    /** This guard's own token bucket: the OVERLOADED result, or {@code null} after taking a token. */
    synchronized SourceResult overRate(long now) {
        if (limits.maxRate() > 0) {
            tokens = Math.min(burst, tokens + (now - lastRefill) * tokensPerNano);
            lastRefill = now;
            if (tokens < 1.0) {
                if (state == State.PROBING) {
                    state = State.OPEN;
                }
                return SourceResult.failed(SourceResult.Failure.OVERLOADED,
                        "over its rate limit of " + limits.maxRate() + " queries per second");
            }
            tokens -= 1.0;
        }
        return null;
    }

    /** Records the outcome of a query that {@link #refuse} let through. */
    synchronized void record(SourceResult result, long now) {
        boolean failed = result instanceof SourceResult.Failed f
                && (f.kind() == SourceResult.Failure.TIMEOUT || f.kind() == SourceResult.Failure.ERROR);
        if (!failed) {
            if (!(result instanceof SourceResult.Failed)) { // suspension or overload says nothing of the source's state
                consecutiveFailures = 0;
                state = State.CLOSED;
                openForNanos = limits.openFor().toNanos();
            } else if (state == State.PROBING) {
                state = State.OPEN;
            }
            return;
        }
        consecutiveFailures++;
        if (state == State.PROBING) {
            openForNanos = Math.min(openForNanos * 2, SourceLimits.MAX_OPEN_FOR.toNanos());
            open(now);
        } else if (limits.failureThreshold() > 0 && consecutiveFailures >= limits.failureThreshold()) {
            open(now);
        }
    }

    private void open(long now) {
        state = State.OPEN;
        openUntil = now + openForNanos;
    }

    double maxRate() {
        return limits.maxRate();
    }

    double burst() {
        return burst;
    }

    synchronized boolean isOpen() {
        return state != State.CLOSED;
    }
}
