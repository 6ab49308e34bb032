package io.tocsin.redis;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters of one node's Redis tier, for meters (the Spring adapter binds them to Micrometer) and
 * tests. Monotonic except {@link #replayBacklog()}.
 */
public final class RedisMetrics {

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder leaseWaits = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    private volatile LongSupplier backlog = () -> 0;

    RedisMetrics() {
    }

    /** Local cache misses answered by a verdict another node shared. */
    public long hits() {
        return hits.sum();
    }

    /** Local cache misses that Redis had no verdict for either (this node or the lease holder looked up). */
    public long misses() {
        return misses.sum();
    }

    /** Lookups that waited for another node holding the lease. */
    public long leaseWaits() {
        return leaseWaits.sum();
    }

    /** Commands Redis answered with an error, or that failed on the way. */
    public long errors() {
        return errors.sum();
    }

    /** Commands not answered within their timeout. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Commands not sent because Redis was away: the node used its own cache, store or bucket. */
    public long fallbacks() {
        return fallbacks.sum();
    }

    /** Reports recorded while Redis was away and written once it was back. */
    public long replayed() {
        return replayed.sum();
    }

    /** Reports recorded while Redis was away that the full replay buffer could not keep. */
    public long dropped() {
        return dropped.sum();
    }

    /** Reports waiting to be replayed now. */
    public long replayBacklog() {
        return backlog.getAsLong();
    }

    void backlog(LongSupplier supplier) {
        this.backlog = supplier;
    }

    @Override
    public String toString() {
        return "RedisMetrics{hits=" + hits() + ", misses=" + misses() + ", lease-waits=" + leaseWaits() + ", errors=" + errors()
                + ", timeouts=" + timeouts() + ", fallbacks=" + fallbacks() + ", replayed=" + replayed() + ", dropped=" + dropped()
                + ", backlog=" + replayBacklog() + "}";
    }
}
