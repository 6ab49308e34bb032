package io.tocsin.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard a checker may lean on one source: a cap on its query rate, and a circuit breaker that
 * stops asking a source that keeps failing (error results at once, no waiting) and probes it again
 * later. Both protect the list operator as much as the site: a pile-up of doomed lookups helps
 * nobody.
 *
 * @param maxRate queries per second at most (a token bucket with a burst of one second's worth);
 *     0 for no cap. Queries beyond it get an {@link SourceResult.Failure#OVERLOADED} result
 * @param failureThreshold consecutive timeouts or errors that open the circuit; 0 never opens it
 * @param openFor how long an open circuit skips the source before one probe query goes through;
 *     doubled after each failed probe, up to {@link #MAX_OPEN_FOR}
 */
public record SourceLimits(double maxRate, int failureThreshold, Duration openFor) {

    /** The longest an open circuit waits between probes. */
    public static final Duration MAX_OPEN_FOR = Duration.ofMinutes(5);

    /** No rate cap; the circuit opens after 5 failures in a row, for 30 seconds. */
    public static final SourceLimits DEFAULT = new SourceLimits(0, 5, Duration.ofSeconds(30));

    public SourceLimits {
        if (!(maxRate >= 0) || Double.isInfinite(maxRate)) {
            throw new IllegalArgumentException("maxRate must be a finite number >= 0: " + maxRate);
        }
        if (failureThreshold < 0) {
            throw new IllegalArgumentException("failureThreshold must be >= 0: " + failureThreshold);
        }
        Objects.requireNonNull(openFor, "openFor");
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("openFor must be positive: " + openFor);
        }
    }

    /** The default limits for {@code source}: its operator's free-use rate, if it names one. */
    public static SourceLimits defaultsFor(Source source) {
        return new SourceLimits(source.defaultMaxRate(), DEFAULT.failureThreshold, DEFAULT.openFor);
    }
}
