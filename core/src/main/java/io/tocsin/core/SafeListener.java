package io.tocsin.core;

import io.tocsin.core.ip.IpAddress;

/**
 * A {@link Listener} that cannot break what calls it: an exception the delegate throws is dropped
 * here, the one place that does so, instead of at every call site (lookups, health checks, feed
 * loads, stream polls).
 */
final class SafeListener implements Listener {

    private final Listener delegate;

    private SafeListener(Listener delegate) {
        this.delegate = delegate;
    }

    /** {@code listener} made safe to call; {@link Listener#NONE} (also for {@code null}) and safe listeners as they are. */
    static Listener of(Listener listener) {
        if (listener == null) {
            return Listener.NONE;
        }
        return listener == Listener.NONE || listener instanceof SafeListener ? listener : new SafeListener(listener);
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // a listener is an observer: its failure must not change a lookup or a source's background work
        }
    }

    @Override
    public void sourceQueried(String source, IpAddress ip, SourceResult result, long nanos) {
        quietly(() -> delegate.sourceQueried(source, ip, result, nanos));
    }

    @Override
    public void verdictComputed(Verdict verdict, long nanos) {
        quietly(() -> delegate.verdictComputed(verdict, nanos));
    }

    @Override
    public void verdictAnsweredEarly(Verdict verdict, long nanos) {
        quietly(() -> delegate.verdictAnsweredEarly(verdict, nanos));
    }

    @Override
    public void budgetExceeded(IpAddress ip) {
        quietly(() -> delegate.budgetExceeded(ip));
    }

    @Override
    public void healthChanged(String source, SourceHealth health) {
        quietly(() -> delegate.healthChanged(source, health));
    }
}
