package io.tocsin.core.threads;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes named daemon threads and remembers them, so that their owner can {@link #join wait} for
 * every one to end after shutting its executor down.
 *
 * <p>Why: an executor reports itself terminated while its last thread is still finishing; a servlet
 * container that looks for threads a stopped webapp left running sees that thread, and the thread
 * keeps the webapp's class loader for as long as it lives.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String name;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Thread> made = ConcurrentHashMap.newKeySet();

    private DaemonThreads(String name, boolean numbered) {
        this.name = Objects.requireNonNull(name, "name");
        this.numbered = numbered;
    }

    /** Threads named {@code name}. */
    public static DaemonThreads named(String name) {
        return new DaemonThreads(name, false);
    }

    /** Threads named {@code prefix} and a number: {@code tocsin-http-1}, {@code tocsin-http-2}… */
    public static DaemonThreads numbered(String prefix) {
        return new DaemonThreads(prefix, true);
    }

    @Override
    public Thread newThread(Runnable task) {
        made.removeIf(thread -> thread.getState() == Thread.State.TERMINATED);
        Thread thread = new Thread(task, numbered ? name + count.incrementAndGet() : name);
        thread.setDaemon(true);
        made.add(thread);
        return thread;
    }

    /**
     * Waits until every thread made so far has ended, at most {@code timeout} in all; call it after
     * shutting down the executor that runs them.
     *
     * @return whether they all ended
     */
    public boolean join(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : made) {
            if (thread == Thread.currentThread()) {
                continue; // an owner closed from its own thread cannot wait for it
            }
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    thread.join(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        made.removeIf(thread -> !thread.isAlive());
        return made.stream().allMatch(thread -> thread == Thread.currentThread());
    }

    @Override
    public String toString() {
        return "DaemonThreads{" + name + ", alive=" + made.stream().filter(Thread::isAlive).count() + "}";
    }
}
