package io.tocsin.core;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a checker lends its sources for background work. Sources must not shut the scheduler down.
 *
 * @param scheduler runs health checks, refreshes and polls; shared by all sources of a checker, so
 *     tasks must be short and must not block
 * @param clock wall-clock time, for health timestamps and expiry (injectable in tests)
 * @param listener where health changes are reported
 */
public record SourceContext(ScheduledExecutorService scheduler, Clock clock, Listener listener) {

    /** The listener is wrapped so that an exception it throws never reaches a source's background work. */
    public SourceContext {
        listener = SafeListener.of(listener);
    }

    /**
     * Runs {@code task} once after {@code delay}; {@code null} when the scheduler no longer takes
     * tasks because the checker is closing.
     */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Tells the listener that {@code source} changed health; a listener that throws is ignored. */
    public void healthChanged(String source, SourceHealth health) {
        listener.healthChanged(source, health);
    }
}
