package io.tocsin.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checker's cache for its commonest verdict, an IPv4 address that is clean with no errors: one
 * {@code long} per address (its 32 bits and when the verdict expires) in a fixed table of 4-way
 * buckets, instead of a cache entry of about 130 bytes. A hit is a hash of an {@code int} and a read of
 * one bucket; nothing is allocated, locked or recorded.
 *
 * <p>Bounded: the table has twice as many slots as the verdicts it may hold (rounded up to a power of
 * two), in buckets of 8, so that few addresses find their bucket full; a full bucket, or a table that
 * holds its maximum, replaces the entry of the bucket that expires first. Lossy under races: two
 * threads filling one slot at once keep one of their verdicts, and the other address is looked up
 * again the next time, as after an eviction.
 *
 * <p>Expiry times are kept in units of 2<sup>20</sup> ns (about a millisecond) of the checker's
 * ticker, compared with wrap-around, so a lifetime must stay under {@link #MAX_LIFETIME_NANOS}.
 */
final class CleanIpv4Verdicts {

    private static final int UNIT_SHIFT = 20;
    /** The longest lifetime the table can hold: 2<sup>30</sup> units, about 13 days. */
    static final long MAX_LIFETIME_NANOS = (1L << 30) << UNIT_SHIFT;
    /** The largest table: 2<sup>22</sup> slots, 32 MiB. */
    static final int MAX_SLOTS = 1 << 22;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int WAYS = 8;

    private final long[] slots;
    private final int bucketMask;
    private final long lifetimeNanos;
    private final long maximumSize;
    private final AtomicLong occupied = new AtomicLong();

    /**
     * A table for at most {@code maximumSize} verdicts, with twice as many slots rounded up to a power
     * of two (at most {@link #MAX_SLOTS}), or {@code null} where the table cannot serve: no verdict to
     * keep, or a lifetime too long for its clock.
     */
    static CleanIpv4Verdicts forCache(long maximumSize, long lifetimeNanos) {
        if (maximumSize < 1 || lifetimeNanos <= 0 || lifetimeNanos >= MAX_LIFETIME_NANOS) {
            return null;
        }
        long slots = Math.max(WAYS, Long.highestOneBit(Math.min(MAX_SLOTS, maximumSize * 2) - 1) << 1);
        return new CleanIpv4Verdicts((int) Math.min(MAX_SLOTS, slots), lifetimeNanos, maximumSize);
    }

    private CleanIpv4Verdicts(int slots, long lifetimeNanos, long maximumSize) {
        this.slots = new long[slots];
        this.bucketMask = slots / WAYS - 1;
        this.lifetimeNanos = lifetimeNanos;
        this.maximumSize = Math.min(maximumSize, slots);
    }

    /** How many verdicts the table holds at most. */
    long capacity() {
        return maximumSize;
    }

    /** How many slots the table has. */
    int slots() {
        return slots.length;
    }

    /** Whether {@code ipv4} is known clean at {@code nowNanos} (the checker's ticker). */
    boolean contains(int ipv4, long nowNanos) {
        int now = units(nowNanos);
        int base = bucket(ipv4);
        for (int k = 0; k < WAYS; k++) {
            long entry = (long) SLOT.getOpaque(slots, base + k);
            if ((int) (entry >>> 32) == ipv4 && entry != 0) {
                return (int) entry - now > 0;
            }
        }
        return false;
    }

    /** Keeps {@code ipv4} as clean from {@code nowNanos} for the clean lifetime. */
    void put(int ipv4, long nowNanos) {
        int now = units(nowNanos);
        long entry = ((long) ipv4 << 32) | ((units(nowNanos + lifetimeNanos) | 1) & 0xFFFFFFFFL);
        int base = bucket(ipv4);
        for (int k = 0; k < WAYS; k++) {
            long e = (long) SLOT.getOpaque(slots, base + k);
            if ((int) (e >>> 32) == ipv4 && e != 0) {
                SLOT.compareAndSet(slots, base + k, e, entry); // a renewed verdict
                return;
            }
        }
        int empty = -1;
        int victim = -1;
        long victimEntry = 0;
        int victimLife = Integer.MAX_VALUE;
        for (int k = 0; k < WAYS; k++) {
            long e = (long) SLOT.getOpaque(slots, base + k);
            if (e == 0) {
                if (occupied.get() < maximumSize) {
                    if (SLOT.compareAndSet(slots, base + k, 0L, entry)) {
                        occupied.incrementAndGet();
                    }
                    return;
                }
                empty = base + k; // the table holds its maximum: a verdict must go first
                continue;
            }
            int life = (int) e - now; // negative once expired
            if (life < victimLife) {
                victim = base + k;
                victimEntry = e;
                victimLife = life;
            }
        }
        if (victim >= 0) {
            SLOT.compareAndSet(slots, victim, victimEntry, entry); // the one that expires first makes room
        } else if (empty >= 0 && evictFrom(bucket(ipv4 + 1), now) && SLOT.compareAndSet(slots, empty, 0L, entry)) {
            occupied.incrementAndGet(); // a full table, and this bucket empty: a neighbour's verdict made room
        }
    }

    /** Removes the verdict of the bucket at {@code base} that expires first; false if it holds none. */
    private boolean evictFrom(int base, int now) {
        int victim = -1;
        long victimEntry = 0;
        int victimLife = Integer.MAX_VALUE;
        for (int k = 0; k < WAYS; k++) {
            long e = (long) SLOT.getOpaque(slots, base + k);
            if (e != 0 && (int) e - now < victimLife) {
                victim = base + k;
                victimEntry = e;
                victimLife = (int) e - now;
            }
        }
        if (victim >= 0 && SLOT.compareAndSet(slots, victim, victimEntry, 0L)) {
            occupied.decrementAndGet();
            return true;
        }
        return false;
    }

    /** Forgets {@code ipv4}, e.g. when it got another verdict. */
    void remove(int ipv4) {
        int base = bucket(ipv4);
        for (int k = 0; k < WAYS; k++) {
            long e = (long) SLOT.getOpaque(slots, base + k);
            if ((int) (e >>> 32) == ipv4 && e != 0) {
                if (SLOT.compareAndSet(slots, base + k, e, 0L)) {
                    occupied.decrementAndGet();
                }
                return;
            }
        }
    }

    /** How many slots hold a verdict, expired or not (as a cache's estimated size counts them). */
    long size() {
        return occupied.get();
    }

    /** Forgets every verdict. */
    void clear() {
        for (int i = 0; i < slots.length; i++) {
            long e = (long) SLOT.getOpaque(slots, i);
            if (e != 0 && SLOT.compareAndSet(slots, i, e, 0L)) {
                occupied.decrementAndGet();
            }
        }
    }

    private int bucket(int ipv4) {
        int h = ipv4 * 0x9E3779B9;
        h ^= h >>> 16;
        return (h & bucketMask) * WAYS;
    }

    private static int units(long nanos) {
        return (int) (nanos >> UNIT_SHIFT);
    }
}
