package io.tocsin.collector.evidence;

import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which evidence is listed: an address is listed while it has at least {@code minReports} reports
 * and its last report is younger than {@code ttl}; then it drops out by itself.
 *
 * @param minReports {@code tocsin.collect.min-reports}, default 1
 * @param ttl {@code tocsin.collect.ttl}, default 3 days
 */
public record Retention(long minReports, Duration ttl) {

    /** The defaults: one report, three days. */
    public static final Retention DEFAULT = new Retention(1, Duration.ofDays(3));

    public Retention {
        if (minReports < 1) {
            throw new IllegalArgumentException("min-reports must be at least 1, not " + minReports);
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, not " + Durations.format(ttl));
        }
    }

    /** From {@code tocsin.collect.min-reports} and {@code tocsin.collect.ttl}. */
    public static Retention from(Settings settings) {
        Settings collect = settings.scope("collect.");
        return new Retention(
                collect.number("min-reports", DEFAULT.minReports, 1, Integer.MAX_VALUE),
                collect.positiveDuration("ttl", DEFAULT.ttl));
    }

    /** Whether {@code evidence} is listed at {@code now}. */
    public boolean lists(Evidence evidence, Instant now) {
        return evidence.reports() >= minReports && !isExpired(evidence.lastSeen(), now);
    }

    /** Whether evidence last reported at {@code lastSeen} is too old to count at {@code now}: it may be deleted. */
    public boolean isExpired(Instant lastSeen, Instant now) {
        return !lastSeen.plus(ttl).isAfter(now);
    }

    /** The oldest last-report time still listed at {@code now} (exclusive). */
    public Instant horizon(Instant now) {
        return now.minus(ttl);
    }
}
