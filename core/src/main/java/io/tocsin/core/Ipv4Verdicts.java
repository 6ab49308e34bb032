package io.tocsin.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checker's cache of complete verdicts for IPv4 addresses, the commonest visitors: per address a
 * {@code long} (its 32 bits and when the verdict expires) and a reference (the verdict, or a shared
 * marker for the commonest one, clean without errors), in a fixed table of 8-way buckets, instead of
 * a cache entry of about 130 bytes. A hit hashes an {@code int} and reads one bucket; nothing is
 * allocated, locked or recorded.
 *
 * <p>Bounded: the table has twice as many slots as the verdicts it may hold (rounded up to a power of
 * two), so that few addresses find their bucket full; a full bucket, or a table that holds its
 * maximum, replaces the entry of the bucket that expires first (or of the next bucket). Lossy under
 * races: two threads filling one slot at once keep one of their verdicts, and the other address is
 * looked up again the next time, as after an eviction. A reader checks that the slot still holds its
 * address after reading the verdict, so a slot being refilled reads as a miss, never as another
 * address's verdict.
 *
 * <p>A slot's {@code long} holds the address in its high 32 bits and, in its low 32, the expiry time
 * in units of 2<sup>20</sup> ns (about a millisecond) of the checker's ticker, compared with
 * wrap-around (so a lifetime must stay under {@link #MAX_LIFETIME_NANOS}), whose two lowest bits are
 * taken by a mark that the slot is in use (bit 1) and whether the verdict is clean without errors
 * (bit 0): a clean hit reads no reference at all.
 */
final class Ipv4Verdicts {

    private static final int UNIT_SHIFT = 20;
    /** The longest lifetime the table can hold: 2<sup>30</sup> units, about 13 days. */
    static final long MAX_LIFETIME_NANOS = (1L << 30) << UNIT_SHIFT;
    /** The largest table: 2<sup>22</sup> slots, 48 MiB with compressed references. */
    static final int MAX_SLOTS = 1 << 22;
    /** What a slot holds for a verdict that is clean without errors: the verdict is made per hit. */
    static final Object CLEAN = new Object();

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final int WAYS = 8;
    private static final long CLEAN_BIT = 1;
    private static final long IN_USE_BIT = 2;

    private final long[] slots;
    private final Object[] values;
    private final int bucketMask;
    private final long maximumSize;
    private final AtomicLong occupied = new AtomicLong();

    /**
     * A table for at most {@code maximumSize} verdicts, with twice as many slots rounded up to a power
     * of two (at most {@link #MAX_SLOTS}), or {@code null} for a cache that keeps nothing.
     */
    static Ipv4Verdicts forCache(long maximumSize) {
        if (maximumSize < 1) {
            return null;
        }
        long slots = Math.max(WAYS, Long.highestOneBit(Math.min(MAX_SLOTS, maximumSize * 2) - 1) << 1);
        return new Ipv4Verdicts((int) Math.min(MAX_SLOTS, slots), maximumSize);
    }

    /** Whether the table can keep a verdict for this long. */
    static boolean fits(long lifetimeNanos) {
        return lifetimeNanos > 0 && lifetimeNanos < MAX_LIFETIME_NANOS;
    }

    private Ipv4Verdicts(int slots, long maximumSize) {
        this.slots = new long[slots];
        this.values = new Object[slots];
        this.bucketMask = slots / WAYS - 1;
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

    /**
     * What the table holds for {@code ipv4} at {@code nowNanos} (the checker's ticker): a
     * {@link Verdict}, {@link #CLEAN}, or {@code null} if nothing unexpired.
     */
    Object get(int ipv4, long nowNanos) {
        int now = units(nowNanos);
        int base = bucket(ipv4);
        for (int k = 0; k < WAYS; k++) {
            long entry = (long) SLOT.getAcquire(slots, base + k);
            if ((int) (entry >>> 32) == ipv4 && entry != 0) {
                if ((int) entry - now <= 0) {
                    return null; // expired
                }
                if ((entry & CLEAN_BIT) != 0) {
                    return CLEAN;
                }
                Object value = VALUE.getAcquire(values, base + k);
                VarHandle.loadLoadFence();
                return (long) SLOT.getOpaque(slots, base + k) == entry ? value : null; // else refilled meanwhile
            }
        }
        return null;
    }

    /** Keeps {@code value} (a verdict, or {@link #CLEAN}) for {@code ipv4} from {@code nowNanos} for {@code lifetimeNanos}. */
    void put(int ipv4, Object value, long nowNanos, long lifetimeNanos) {
        int now = units(nowNanos);
        long entry = ((long) ipv4 << 32) | ((units(nowNanos + lifetimeNanos) & ~3) & 0xFFFFFFFFL) | IN_USE_BIT
                | (value == CLEAN ? CLEAN_BIT : 0);
        if (value == CLEAN) {
            value = null; // the entry says it all
        }
        int base = bucket(ipv4);
        for (int k = 0; k < WAYS; k++) {
            long e = (long) SLOT.getOpaque(slots, base + k);
            if ((int) (e >>> 32) == ipv4 && e != 0) {
                fill(base + k, e, entry, value); // a renewed verdict
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
                    if (fill(base + k, 0L, entry, value)) {
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
            fill(victim, victimEntry, entry, value); // the one that expires first makes room
        } else if (empty >= 0 && evictFrom(bucket(ipv4 + 1), now) && fill(empty, 0L, entry, value)) {
            occupied.incrementAndGet(); // a full table, and this bucket empty: a neighbour's verdict made room
        }
    }

    /**
     * Replaces the slot's {@code expected} entry: first empties it (so a reader of the old entry sees
     * it change), then writes the value, then publishes the new entry. False if another writer came first.
     */
    private boolean fill(int slot, long expected, long entry, Object value) {
        if (expected != 0 && !SLOT.compareAndSet(slots, slot, expected, 0L)) {
            return false;
        }
        VALUE.setRelease(values, slot, value);
        if (!SLOT.compareAndSet(slots, slot, 0L, entry)) {
            if (expected != 0) {
                occupied.decrementAndGet(); // emptied, and another writer filled it as a new entry
            }
            return false;
        }
        return true;
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
            VALUE.setRelease(values, victim, null);
            occupied.decrementAndGet();
            return true;
        }
        return false;
    }

    /** Forgets {@code ipv4}. */
    void remove(int ipv4) {
        int base = bucket(ipv4);
        for (int k = 0; k < WAYS; k++) {
            long e = (long) SLOT.getOpaque(slots, base + k);
            if ((int) (e >>> 32) == ipv4 && e != 0) {
                if (SLOT.compareAndSet(slots, base + k, e, 0L)) {
                    VALUE.setRelease(values, base + k, null);
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
                VALUE.setRelease(values, i, null);
                occupied.decrementAndGet();
            }
        }
    }

    /** The bucket of an address: a full 32-bit mix (MurmurHash3's finaliser), so that neighbouring addresses spread evenly. */
    private int bucket(int ipv4) {
        int h = ipv4;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return (h & bucketMask) * WAYS;
    }

    private static int units(long nanos) {
        return (int) (nanos >> UNIT_SHIFT);
    }
}
