package io.tocsin.core;

import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A second-level verdict cache that several checkers share (a farm of nodes), behind each
 * checker's own cache: consulted only when the local cache misses, never on a local hit.
 *
 * <p>{@link #find} also makes the farm look an address up once: when no node has a verdict, the
 * first caller gets {@code null} and a short lease to look it up itself; the others wait up to the
 * lease for that verdict, then look it up themselves. Verdicts travel as the JSON of
 * {@link io.tocsin.core.json.VerdictJson}, so a store holds exactly what the verdict endpoint shows.
 *
 * <p>Implementations are thread-safe and fail open: a store that is down, slow or failing
 * completes {@code find} with {@code null} within its own timeout (the checker then looks up
 * itself) and drops {@code share}. Futures complete on a thread of the implementation's own,
 * never on an I/O thread, since the checker goes on with the lookup there.
 */
public interface SharedVerdicts extends AutoCloseable {

    /**
     * The verdict JSON another node shared for {@code ip}, or {@code null} when this node is to look
     * {@code ip} up itself (nobody had it, the lease expired, or the store is unavailable). Always
     * completes normally.
     */
    CompletionStage<String> find(IpAddress ip);

    /** Shares a complete verdict's JSON for {@code ttl}, without waiting; failures are dropped. */
    void share(IpAddress ip, String verdictJson, Duration ttl);

    /**
     * Called once by the checker when it is built: {@code forget} drops an address from the
     * checker's own cache, for an implementation that learns that a verdict went stale (e.g. new
     * evidence about the address). The default ignores it.
     */
    default void bind(Consumer<IpAddress> forget) {
    }

    /** Whether the shared store is in use now, and why not. */
    SourceHealth health();

    /** Releases what the implementation holds (not a connection lent to it). */
    @Override
    void close();
}
