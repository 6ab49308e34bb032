package io.tocsin.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a checker lends its sources for background work: its scheduler, clock and listener, and the
 * resources its sources share (such as one HTTP client and its threads), which the checker closes
 * after its sources. Sources must not shut the scheduler down nor close the context.
 *
 * <p>Whoever makes a context closes it: the {@link Checker} closes its own in {@link Checker#close()};
 * a test that starts a source by hand closes the one it made.
 */
public final class SourceContext implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Listener listener;
    private final Map<Class<?>, AutoCloseable> shared = new LinkedHashMap<>(); // guarded by itself
    private boolean closed; // guarded by shared

    /**
     * @param scheduler runs health checks, refreshes, polls and timeouts; shared by all sources of a
     *     checker, so tasks must be short and must not block
     * @param clock wall-clock time, for health timestamps and expiry (injectable in tests)
     * @param listener where health changes are reported
     */
    public SourceContext(ScheduledExecutorService scheduler, Clock clock, Listener listener) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        // wrapped, so that an exception the listener throws never reaches a source's background work
        this.listener = SafeListener.of(Objects.requireNonNull(listener, "listener"));
    }

    /** Runs health checks, refreshes, polls and timeouts; tasks must be short and must not block. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Wall-clock time, for health timestamps and expiry. */
    public Clock clock() {
        return clock;
    }

    /** Where health changes are reported; see {@link #healthChanged}. */
    public Listener listener() {
        return listener;
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

    /**
     * The one {@code type} this context's sources share, made by {@code create} on first use and
     * closed with the context, after the sources. This is how sources of one checker share an HTTP
     * client, and how its threads stop when the checker closes.
     *
     * @throws IllegalStateException if the context is already closed
     */
    public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
        synchronized (shared) {
            if (closed) {
                throw new IllegalStateException("the checker is closed");
            }
            AutoCloseable existing = shared.get(type);
            if (existing != null) {
                return type.cast(existing);
            }
            T made = Objects.requireNonNull(create.get(), "created resource");
            shared.put(type, made);
            return made;
        }
    }

    /** Closes every shared resource, the most recently made first; a failure does not stop the others. */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (shared) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(shared.values());
            shared.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // closing one resource must not keep the others open
            }
        }
    }

    @Override
    public String toString() {
        return "SourceContext{scheduler=" + scheduler + ", clock=" + clock + "}";
    }
}
