package io.tocsin.collector.source;

import io.tocsin.collector.evidence.Evidence;
import io.tocsin.collector.evidence.EvidenceStore;
import io.tocsin.core.Listing;
import io.tocsin.core.Source;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lists the addresses an {@link EvidenceStore} holds under its retention rule, with the evidence's
 * category, and {@code THREAT, N reports, last seen DATE} as the reason.
 *
 * <p>Each query reads the store itself (for the embedded store: an indexed read of a local file,
 * microseconds), so evidence another process records is seen by the next query that reaches the
 * source. A store error is an error result, never a listing.
 */
public final class EvidenceSource implements Source {

    private final String name;
    private final EvidenceStore store;
    private final boolean ownsStore;
    private volatile Clock clock;

    /**
     * A source over {@code store}.
     *
     * @param ownsStore whether {@link #close()} closes the store too
     */
    public EvidenceSource(String name, EvidenceStore store, boolean ownsStore) {
        this.name = Objects.requireNonNull(name, "name");
        this.store = Objects.requireNonNull(store, "store");
        this.ownsStore = ownsStore;
        this.clock = Clock.systemUTC();
    }

    @Override
    public String name() {
        return name;
    }

    /** The store this source lists, e.g. for a publisher that enumerates it. */
    public EvidenceStore store() {
        return store;
    }

    @Override
    public CompletionStage<?> start(SourceContext context) {
        clock = context.clock();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<SourceResult> query(IpAddress ip) {
        Optional<Evidence> evidence;
        try {
            evidence = store.get(ip);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(SourceResult.failed(SourceResult.Failure.ERROR,
                    "evidence store unreadable: " + e.getMessage()));
        }
        Instant now = clock.instant();
        if (evidence.isEmpty() || !store.retention().lists(evidence.get(), now)) {
            return CompletableFuture.completedFuture(SourceResult.NOT_LISTED);
        }
        Evidence e = evidence.get();
        return CompletableFuture.completedFuture(SourceResult.listed(new Listing(name, e.category(), List.of(), e.reason())));
    }

    @Override
    public SourceHealth health() {
        return SourceHealth.up("evidence store " + store, Instant.EPOCH);
    }

    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "EvidenceSource{" + name + ", " + store + "}";
    }
}
