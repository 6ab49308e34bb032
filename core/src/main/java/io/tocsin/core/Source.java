package io.tocsin.core;

import io.tocsin.core.ip.IpAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One list of hosts: a DNSBL zone, a reputation API, a feed.
 *
 * <p>Implementations are thread-safe. {@link #query} never throws and never blocks: every problem,
 * from a timeout to a garbage answer, completes the stage with a {@link SourceResult.Failed}.
 * A source that is not {@linkplain #health() up} answers {@link SourceResult.Failure#SUSPENDED} at
 * once, so that a broken list can never make Tocsin accuse anybody.
 */
public interface Source extends AutoCloseable {

    /** The configured name, unique within a checker; it appears in verdicts, health, metrics. */
    String name();

    /** Looks {@code ip} up. The stage always completes, normally. */
    CompletionStage<SourceResult> query(IpAddress ip);

    /**
     * Starts background work (health checks, feed loading, polling). The returned stage completes
     * when the source first has something to say: its first health check or load finished, whatever
     * the result. The checker calls this once, before any query.
     */
    default CompletionStage<?> start(SourceContext context) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Loads and opens, without asking the list anything, what a first {@link #query} needs and
     * {@link #start} did not already ready: classes, sockets, clients. Called once by
     * {@link Checker#warmUp}, after start; never throws. The default does nothing.
     */
    default void warmUp() {
    }

    /** Whether answers are used now, and why not. */
    default SourceHealth health() {
        return SourceHealth.up("no health check", java.time.Instant.EPOCH);
    }

    /**
     * The query rate, per second, that the list's operator allows free users, or 0 for no known
     * limit. A checker caps queries at this rate unless configured otherwise ({@link SourceLimits}).
     */
    default double defaultMaxRate() {
        return 0;
    }

    /**
     * The list operator's page where a visitor can look {@code ip} up and ask for its removal, if one
     * is known: a preset's (Spamhaus, Project Honey Pot), an API's own (AbuseIPDB, CrowdSec), or the
     * {@code lookup-url} key of the source's configuration. Notices link to it, so it is an
     * {@code https:} URL.
     */
    default Optional<String> lookupUrl(IpAddress ip) {
        return Optional.empty();
    }

    /**
     * {@code template} with each {@code {ip}} replaced by {@code ip}; empty for a {@code null}
     * template. For implementations of {@link #lookupUrl(IpAddress)}.
     */
    static Optional<String> lookupUrl(String template, IpAddress ip) {
        return template == null ? Optional.empty() : Optional.of(template.replace("{ip}", ip.toString()));
    }

    /**
     * The weights this source gives some of its listings itself, in place of its configured weight;
     * default none. A DNSBL source returns its weighted return codes.
     */
    default CategoryWeights categoryWeights() {
        return CategoryWeights.NONE;
    }

    /** Stops background work and releases resources. */
    @Override
    default void close() {
    }
}
