package io.tocsin.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it: for what a test cannot be told about, such as a background health check. */
public final class Poll {

    private static final long INTERVAL_NANOS = Duration.ofMillis(20).toNanos();

    private Poll() {
    }

    /**
     * Returns as soon as {@code condition} holds; fails with an {@link AssertionError} naming
     * {@code what} if it still does not after {@code timeout}.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still waiting, after " + timeout.toMillis() + " ms, for " + what);
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
