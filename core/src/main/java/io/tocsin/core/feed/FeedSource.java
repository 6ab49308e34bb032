package io.tocsin.core.feed;

import io.tocsin.core.Category;
import io.tocsin.core.EnumerableSource;
import io.tocsin.core.ListedRange;
import io.tocsin.core.Listing;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.config.Durations;
import io.tocsin.core.http.RetryDelays;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpRange;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.threads.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A list of addresses and ranges from a file or an http(s) URL, held in memory as an {@link IpSet}
 * (sorted primitive range arrays) and reloaded every {@code refresh} in the background.
 *
 * <p>A new copy replaces the old one in a single atomic swap, and only when it is good: the last good
 * copy survives a failed download, an unreadable file, a copy with more than {@code max-errors}
 * malformed lines (reported with their line numbers), and a copy that has lost more than
 * {@code max-shrink} percent of its entries (usually a truncated or emptied list, which would
 * silently stop every listing). Lookups never touch the network or the disk.
 *
 * <p>Loading and parsing run on the source's own thread, never on the checker's shared scheduler,
 * which only triggers them. Before the first good load, lookups report an error (fail open).
 */
public final class FeedSource implements EnumerableSource {

    private static final Logger LOG = LoggerFactory.getLogger(FeedSource.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(10);

    /** One accepted copy of the feed. */
    private record Loaded(IpSet set, int entries, Instant at) {
    }

    private final String name;
    private final FeedOrigin origin;
    private final Duration refresh;
    private final int maxShrinkPercent;
    private final int maxErrors;
    private final String lookupUrl;
    private final CompletableFuture<SourceResult> listed;
    private final ExecutorService loader;
    private final DaemonThreads loaderThreads;
    private final RetryDelays retry;
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

    private volatile Loaded loaded;
    private String rejected; // why the copy now at the origin was refused; guarded by this
    private volatile SourceHealth health = SourceHealth.starting("not yet loaded", Instant.now());
    private volatile SourceContext context;
    private volatile Clock clock = Clock.systemUTC();
    private volatile ScheduledFuture<?> next;
    private volatile boolean closed;

    FeedSource(String name, FeedOrigin origin, Category category, Duration refresh, int maxShrinkPercent, int maxErrors,
               String lookupUrl) {
        this.lookupUrl = lookupUrl;
        this.name = Objects.requireNonNull(name, "name");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.maxShrinkPercent = maxShrinkPercent;
        this.maxErrors = maxErrors;
        this.listed = CompletableFuture.completedFuture(SourceResult.listed(new Listing(name, category, List.of(), null)));
        this.retry = new RetryDelays(refresh.compareTo(FIRST_RETRY) < 0 ? refresh : FIRST_RETRY, refresh);
        this.loaderThreads = DaemonThreads.named("tocsin-feed-" + name);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), loaderThreads);
        this.loader = executor;
    }

    @Override
    public String name() {
        return name;
    }

    /** Completes after the first attempt to load the feed, whether it worked or not. */
    @Override
    public CompletionStage<?> start(SourceContext sourceContext) {
        this.context = sourceContext;
        this.clock = sourceContext.clock();
        health = SourceHealth.starting("not yet loaded from " + origin.describe(), clock.instant());
        origin.start(sourceContext);
        submitLoad();
        return firstAttempt.copy();
    }

    /** Loads the feed now (on the source's thread) if it changed; the stage completes when done. */
    public CompletableFuture<Void> reload() {
        return CompletableFuture.runAsync(this::load, loader);
    }

    private void submitLoad() {
        try {
            loader.execute(() -> {
                Duration delay = load();
                schedule(delay);
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** One load attempt; returns the delay until the next. Runs on the loader thread only. */
    private synchronized Duration load() {
        if (closed) {
            return refresh;
        }
        Instant now = clock.instant();
        Duration delay;
        try {
            FeedOrigin.Fetched fetched = origin.fetch();
            if (fetched instanceof FeedOrigin.Content content) {
                accept(content.result(), now);
            } else if (loaded != null && rejected == null) {
                setHealth(SourceHealth.up(count(loaded.entries()) + " from " + loaded.at() + ", unchanged at " + now, now));
            }
            retry.succeeded();
            delay = refresh;
        } catch (RejectedCopyException e) {
            rejected = e.getMessage();
            delay = retry.failed();
            failed(e.getMessage(), now, delay);
        } catch (FeedOrigin.FetchException e) {
            delay = retry.failed();
            failed(e.getMessage(), now, delay);
        } catch (Exception e) {
            // a RuntimeException, or a checked one thrown undeclared: OkHttp (Kotlin) throws
            // InterruptedException when close() interrupts a connect
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                delay = refresh;
                if (!closed) {
                    failed("loading interrupted", now, delay);
                }
            } else {
                delay = retry.failed();
                LOG.error("Feed {}: loading {} failed", name, origin.describe(), e);
                failed("loading failed: " + e, now, delay);
            }
        } finally {
            firstAttempt.complete(null);
        }
        return delay;
    }

    private void accept(FeedParser.Result result, Instant now) throws RejectedCopyException {
        if (result.malformed() > maxErrors) {
            throw new RejectedCopyException(result.malformed() + " malformed line" + (result.malformed() == 1 ? "" : "s")
                    + " (max-errors=" + maxErrors + "): " + result.describeProblems());
        }
        Loaded previous = loaded;
        if (previous != null && maxShrinkPercent < 100
                && (long) result.entries() * 100 < (long) previous.entries() * (100 - maxShrinkPercent)) {
            throw new RejectedCopyException("new copy has " + result.entries() + " entries, down from " + previous.entries()
                    + ": more than max-shrink=" + maxShrinkPercent + "% lost, probably a broken download");
        }
        loaded = new Loaded(result.set(), result.entries(), now);
        rejected = null;
        origin.accepted();
        if (result.malformed() > 0) {
            LOG.warn("Feed {}: skipped {} malformed lines of {}: {}", name, result.malformed(), origin.describe(), result.describeProblems());
        }
        String skipped = result.malformed() > 0 ? " (" + result.malformed() + " malformed lines skipped)" : "";
        setHealth(SourceHealth.up(count(result.entries()) + " loaded at " + now + skipped, now));
    }

    private void failed(String message, Instant now, Duration delay) {
        Loaded l = loaded;
        String what = origin.describe() + ": " + message + "; next attempt in " + Durations.format(delay);
        if (l == null) {
            setHealth(SourceHealth.suspended("not loaded: " + what, now));
        } else {
            setHealth(SourceHealth.up("refresh failed, keeping " + count(l.entries()) + " from " + l.at() + ": " + what, now));
        }
    }

    private static String count(int entries) {
        return entries == 1 ? "1 entry" : entries + " entries";
    }

    private void setHealth(SourceHealth nextHealth) {
        SourceHealth previous = health;
        health = nextHealth.after(previous);
        boolean failure = nextHealth.reason().startsWith("refresh failed") || nextHealth.state() == SourceHealth.State.SUSPENDED;
        if (failure && !previous.reason().equals(nextHealth.reason())) {
            LOG.warn("Feed {}: {}", name, nextHealth.reason());
        } else if (previous.state() != nextHealth.state() || previous.reason().startsWith("refresh failed")) {
            LOG.info("Feed {}: {}", name, nextHealth.reason());
        }
        SourceContext ctx = context;
        if (ctx != null && previous.state() != nextHealth.state()) {
            ctx.healthChanged(name, health);
        }
    }

    private void schedule(Duration delay) {
        SourceContext ctx = context;
        if (closed || ctx == null) {
            return;
        }
        next = ctx.schedule(this::submitLoad, delay);
    }

    @Override
    public CompletionStage<SourceResult> query(IpAddress ip) {
        Loaded l = loaded;
        if (l == null) {
            return CompletableFuture.completedFuture(SourceResult.failed(SourceResult.Failure.SUSPENDED,
                    "feed not loaded yet: " + health.reason()));
        }
        return l.set().contains(ip) ? listed : NOT_LISTED;
    }

    private static final CompletableFuture<SourceResult> NOT_LISTED = CompletableFuture.completedFuture(SourceResult.NOT_LISTED);

    /** Whether the current copy lists {@code ip}; {@code false} before the first load. For benchmarks and tools. */
    public boolean contains(IpAddress ip) {
        Loaded l = loaded;
        return l != null && l.set().contains(ip);
    }

    /** Entries in the current copy (lines that held an address or range), 0 before the first load. */
    public int entries() {
        Loaded l = loaded;
        return l == null ? 0 : l.entries();
    }

    /** The current copy, or {@code null} before the first load. */
    public IpSet set() {
        Loaded l = loaded;
        return l == null ? null : l.set();
    }

    @Override
    public boolean forEachListed(Consumer<? super ListedRange> action) {
        Loaded l = loaded;
        if (l == null) {
            return false;
        }
        Listing listing = ((SourceResult.Listed) listed.join()).listing();
        for (IpRange range : l.set().ranges()) {
            action.accept(new ListedRange(range, listing));
        }
        return true;
    }

    @Override
    public SourceHealth health() {
        return health;
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
        origin.close();
        loader.shutdownNow();
        firstAttempt.complete(null);
        // a thread still running when the checker is closed outlives it (and, in a webapp, its class loader)
        loaderThreads.join(STOP_WAIT);
    }

    /** How long {@link #close()} waits for the loader thread to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    @Override
    public Optional<String> lookupUrl(IpAddress ip) {
        return Source.lookupUrl(lookupUrl, ip);
    }

    @Override
    public String toString() {
        return "FeedSource{" + name + ", " + origin.describe() + ", refresh=" + refresh + "}";
    }

    /** A copy that was read but is not good enough to replace the current one. */
    private static final class RejectedCopyException extends Exception {
        private static final long serialVersionUID = 1L;

        RejectedCopyException(String message) {
            super(message, null, false, false);
        }
    }
}
