package io.tocsin.core.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential back-off for background work (stream polls, feed downloads): after {@code n}
 * consecutive failures the next attempt waits {@code first × 2^(n-1)}, at most {@code max}.
 * Not thread-safe; each source's background task owns one.
 */
public final class RetryDelays {

    private final Duration first;
    private final Duration max;
    private int failures;

    public RetryDelays(Duration first, Duration max) {
        this.first = Objects.requireNonNull(first, "first");
        this.max = Objects.requireNonNull(max, "max");
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    public Duration failed() {
        failures = Math.min(failures + 1, 40);
        Duration d = first;
        for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Records a success: the next failure starts from {@code first} again. */
    public void succeeded() {
        failures = 0;
    }

    /** Consecutive failures so far. */
    public int failures() {
        return failures;
    }
}
