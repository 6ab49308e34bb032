package io.tocsin.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.json.VerdictJson;
import io.tocsin.core.threads.DaemonThreads;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The entry point: looks addresses up in all configured sources in parallel and caches the verdicts.
 *
 * <pre>{@code
 * Checker checker = Checker.builder()
 *     .source(DnsblSource.builder("zen").preset(DnsblPreset.SPAMHAUS_ZEN).build())
 *     .cleanTtl(Duration.ofMinutes(15))
 *     .build();
 * Verdict verdict = checker.check(IpAddress.parse("192.0.2.66"), Duration.ofMillis(50));
 * }</pre>
 *
 * <p>Concurrent checks of one uncached address share one lookup. A budgeted check that runs out of
 * time answers {@linkplain Verdict#unknown unknown} while the lookup goes on and fills the cache for
 * the next request. Verdicts live in a bounded cache with separate lifetimes for listed, clean and
 * failed results; unknown verdicts are never cached.
 *
 * <p>Each source has a {@linkplain Builder#weight weight} (default 1, negative for an allowlist), and a
 * verdict notifies when the weights of the listings that count reach the
 * {@linkplain Builder#notifyThreshold threshold} (default 1); see {@link Verdict}. A budgeted check
 * answers as soon as the sources that have not answered yet cannot change that outcome, whatever
 * they say ({@linkplain Builder#earlyAnswer early answer}); such a verdict names them as
 * {@linkplain Verdict#pending() pending} and is never cached: the lookup goes on, and the complete
 * verdict, which notifies exactly when the early one does, is what the cache keeps.
 *
 * <p>Instances are thread-safe. {@link #close()} stops the sources' background work.
 *
 * <p>Threads: everything a checker starts (its scheduler, the HTTP client its sources share and that
 * client's threads, each DNSBL's socket readers, each feed's loader) belongs to it and ends in
 * {@link #close()}, so that a webapp can be reloaded without leaving threads behind. An executor
 * or scheduler lent through the {@link Builder} stays the lender's, and is never shut down.
 */
public final class Checker implements AutoCloseable {

    private final List<Source> sources;
    private final SourceGuard[] guards;
    private final Set<Category> notifyCategories;
    private final Cache<IpAddress, Object> cache; // a Verdict, or CLEAN for a clean verdict without errors
    private final Ipv4Verdicts ipv4; // complete verdicts of IPv4 addresses, instead of the cache; or null
    private final StatsCounter stats; // the cache's statistics, told of the table's hits too; or null
    private final ConcurrentHashMap<IpAddress, Lookup> inFlight = new ConcurrentHashMap<>();
    private final double[] weights;
    private final CategoryWeights[] categoryWeights;
    private final BigDecimal[] highest; // the most each source can add to a score
    private final BigDecimal[] lowest; // the most each source can take from it (zero or less)
    private final BigDecimal totalHighest;
    private final BigDecimal totalLowest;
    private final double threshold;
    private final BigDecimal thresholdExact;
    private final boolean earlyAnswer;
    private final Listener listener;
    private final Ticker ticker;
    /*
     * The time a cache hit compares expiries with. With the system ticker it is read from the field
     * below, which the scheduler sets every HIT_CLOCK_TICK and every kept verdict moves on, instead of
     * from System.nanoTime: on common virtual machines that costs about 25 ns per call (a serialising
     * read of the time stamp counter), a third of a whole hit, and a hit reads no clock otherwise. An
     * expiry is then seen up to one tick late. With another ticker (tests), the ticker is read; with
     * no table (a cache of size 0), nothing is set.
     */
    private final boolean hitClockSet;
    private volatile long hitClock;
    private final ScheduledFuture<?> hitClockTask; // null unless hitClockSet
    private final long sourceDeadlineNanos;
    private final int maxInFlight;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final DaemonThreads schedulerThreads = DaemonThreads.named("tocsin-scheduler");
    private final SourceContext context;
    private final CompletableFuture<Void> ready;
    private final String description;
    private final SharedVerdicts sharedVerdicts; // null: this checker is alone
    private final SharedRateLimits sharedRateLimits; // null: each source's max-rate is this checker's own
    private final VerdictExpiry expiry;

    private Checker(Builder b) {
        this.sources = List.copyOf(b.sources.values());
        this.notifyCategories = b.notifyCategories == null
                ? DEFAULT_NOTIFY_CATEGORIES
                : Collections.unmodifiableSet(EnumSet.copyOf(b.notifyCategories));
        this.listener = SafeListener.of(b.listener == null ? Listener.NONE : b.listener);
        this.ticker = b.ticker == null ? Ticker.systemTicker() : b.ticker;
        this.sourceDeadlineNanos = orDefault(b.sourceDeadline, DEFAULT_SOURCE_DEADLINE).toNanos();
        this.maxInFlight = b.maxInFlight < 0 ? DEFAULT_MAX_IN_FLIGHT : b.maxInFlight;
        this.guards = new SourceGuard[sources.size()];
        for (int i = 0; i < guards.length; i++) {
            Source source = sources.get(i);
            SourceLimits limits = b.limits.get(source.name());
            guards[i] = new SourceGuard(limits != null ? limits : SourceLimits.defaultsFor(source), ticker.read());
        }
        this.threshold = b.notifyThreshold == null ? Verdict.DEFAULT_THRESHOLD : b.notifyThreshold;
        this.thresholdExact = BigDecimal.valueOf(threshold);
        this.earlyAnswer = b.earlyAnswer == null || b.earlyAnswer;
        this.weights = new double[sources.size()];
        this.categoryWeights = new CategoryWeights[sources.size()];
        this.highest = new BigDecimal[sources.size()];
        this.lowest = new BigDecimal[sources.size()];
        BigDecimal sumHighest = BigDecimal.ZERO;
        BigDecimal sumLowest = BigDecimal.ZERO;
        for (int i = 0; i < weights.length; i++) {
            Source source = sources.get(i);
            weights[i] = b.weights.getOrDefault(source.name(), Listing.DEFAULT_WEIGHT);
            CategoryWeights given = source.categoryWeights();
            categoryWeights[i] = given == null ? CategoryWeights.NONE : given;
            highest[i] = BigDecimal.valueOf(highest(weights[i], categoryWeights[i]));
            lowest[i] = BigDecimal.valueOf(lowest(weights[i], categoryWeights[i]));
            sumHighest = sumHighest.add(highest[i]);
            sumLowest = sumLowest.add(lowest[i]);
        }
        this.totalHighest = sumHighest;
        this.totalLowest = sumLowest;
        long maximumSize = b.cacheMaximumSize < 0 ? DEFAULT_CACHE_MAXIMUM_SIZE : b.cacheMaximumSize;
        Duration listedTtl = orDefault(b.listedTtl, DEFAULT_LISTED_TTL);
        Duration cleanTtl = orDefault(b.cleanTtl, DEFAULT_CLEAN_TTL);
        Duration errorTtl = orDefault(b.errorTtl, DEFAULT_ERROR_TTL);
        this.expiry = new VerdictExpiry(listedTtl.toNanos(), cleanTtl.toNanos(), errorTtl.toNanos());
        Caffeine<IpAddress, Object> caffeine = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(ticker)
                .expireAfter(expiry);
        if (b.executor != null) {
            caffeine.executor(b.executor);
        }
        if (b.statsCounter != null) {
            StatsCounter counter = b.statsCounter.get();
            caffeine.recordStats(() -> counter);
            this.stats = counter;
        } else {
            this.stats = null;
        }
        this.cache = caffeine.build();
        this.ipv4 = Ipv4Verdicts.forCache(maximumSize);
        this.sharedVerdicts = b.sharedVerdicts;
        this.sharedRateLimits = b.sharedRateLimits;
        if (sharedVerdicts != null) {
            sharedVerdicts.bind(this::forget);
        }
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = ownsScheduler ? newScheduler() : b.scheduler;
        Clock clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.description = "Checker{sources=" + sourceNames() + ", notify=" + notifyCategories
                + " at " + BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString()
                + (earlyAnswer ? "" : ", no early answer")
                + ", cache=" + maximumSize + ", ttl listed=" + listedTtl + " clean=" + cleanTtl + " error=" + errorTtl
                + (sharedVerdicts == null ? "" : ", shared=" + sharedVerdicts) + "}";

        this.hitClockSet = b.ticker == null && ipv4 != null; // no table, no hits to read it
        this.hitClock = ticker.read();
        this.hitClockTask = hitClockSet
                ? scheduler.scheduleAtFixedRate(this::setHitClock, HIT_CLOCK_TICK.toNanos(), HIT_CLOCK_TICK.toNanos(), TimeUnit.NANOSECONDS)
                : null;
        this.context = new SourceContext(scheduler, clock, this.listener);
        List<CompletableFuture<?>> starts = new ArrayList<>();
        for (Source source : sources) {
            CompletableFuture<?> started;
            try {
                started = source.start(context).toCompletableFuture();
            } catch (RuntimeException e) {
                started = CompletableFuture.completedFuture(null); // its queries will report the failure
            }
            starts.add(started.handle((r, e) -> null));
        }
        this.ready = CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
    }

    /**
     * What the cache holds for the commonest verdict, clean with no errors: a shared marker instead of a
     * Verdict per address saves a third of each entry's heap (see benchmarks/CachedVerdictFootprint).
     */
    private static final Object CLEAN = new Object();

    // The defaults, written only here: configuration (CheckerSettings), the Spring properties and the
    // README's tables are checked against these constants.

    /** Categories that make a verdict notify unless configured ({@code tocsin.notify-categories}). */
    public static final Set<Category> DEFAULT_NOTIFY_CATEGORIES = Collections.unmodifiableSet(EnumSet.of(Category.INFECTED));
    /** How long a listed verdict is kept ({@code tocsin.cache.listed-ttl}). */
    public static final Duration DEFAULT_LISTED_TTL = Duration.ofHours(1);
    /** How long a clean verdict is kept ({@code tocsin.cache.clean-ttl}). */
    public static final Duration DEFAULT_CLEAN_TTL = Duration.ofMinutes(15);
    /** How long a verdict with failed sources and no listing is kept ({@code tocsin.cache.error-ttl}). */
    public static final Duration DEFAULT_ERROR_TTL = Duration.ofSeconds(30);
    /** The longest any source may take ({@code tocsin.lookup-deadline}). */
    public static final Duration DEFAULT_SOURCE_DEADLINE = Duration.ofSeconds(10);
    /** How many verdicts the cache keeps at most ({@code tocsin.cache.max-size}). */
    public static final long DEFAULT_CACHE_MAXIMUM_SIZE = 100_000;
    /** How many distinct addresses may be looked up at once ({@code tocsin.max-in-flight}). */
    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

    /** How often the clock that IPv4 cache hits read is set, with the system ticker: an expiry is seen at most this late. */
    static final Duration HIT_CLOCK_TICK = Duration.ofMillis(20);

    /** How long {@link #close()} waits for the checker's own scheduler thread to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The verdict for {@code ip}, from the cache or from all sources. The future always completes
     * normally; sources that fail appear in {@link Verdict#errors()}.
     */
    public CompletableFuture<Verdict> check(IpAddress ip) {
        Objects.requireNonNull(ip, "ip");
        Verdict cached = cached(ip);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return lookup(ip).complete;
    }

    /**
     * The verdict for {@code ip} if it is known within {@code budget}; otherwise an
     * {@linkplain Verdict#unknown unknown} verdict, while the lookup goes on and fills the cache.
     * The verdict may be {@linkplain Verdict#decidedEarly decided early}, before slow sources answer
     * that could not have changed it. A cache hit costs about a hash lookup.
     */
    public Verdict check(IpAddress ip, Duration budget) {
        Verdict cached = cached(ip);
        if (cached != null) {
            return cached;
        }
        return await(lookup(ip).decided, ip, budget.toNanos());
    }

    /**
     * Parses {@code ip} and checks it within {@code budget}; see {@link #check(IpAddress, Duration)}.
     *
     * @throws io.tocsin.core.ip.InvalidIpAddressException if {@code ip} is not an address literal
     */
    public Verdict check(String ip, Duration budget) {
        return check(IpAddress.parse(ip), budget);
    }

    /** The cached verdict for {@code ip}, or {@code null}; starts no lookup. */
    public Verdict cached(IpAddress ip) {
        if (ipv4 != null && ip.isIpv4()) {
            Object kept = ipv4.get(ip.ipv4Bits(), hitClockSet ? hitClock : ticker.read());
            if (kept != null) {
                if (stats != null) {
                    stats.recordHits(1);
                }
                return kept == Ipv4Verdicts.CLEAN ? Verdict.clean(ip) : (Verdict) kept;
            }
        }
        Object value = cache.getIfPresent(ip);
        return value == CLEAN ? Verdict.clean(ip) : (Verdict) value;
    }

    private Verdict await(CompletableFuture<Verdict> future, IpAddress ip, long budgetNanos) {
        try {
            return future.get(budgetNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            listener.budgetExceeded(ip);
            return Verdict.unknown(ip);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.unknown(ip);
        } catch (ExecutionException e) {
            return Verdict.unknown(ip); // not reached: lookups complete normally
        }
    }

    private Lookup lookup(IpAddress ip) {
        Lookup lookup = new Lookup(ip);
        Lookup running = inFlight.putIfAbsent(ip, lookup);
        if (running != null) {
            return running;
        }
        // the lookup may have finished between the cache miss and putIfAbsent
        Verdict cached = cached(ip);
        if (cached != null) {
            inFlight.remove(ip, lookup);
            lookup.settle(cached);
            return lookup;
        }
        if (inFlight.mappingCount() > maxInFlight) {
            inFlight.remove(ip, lookup);
            listener.budgetExceeded(ip);
            lookup.settle(Verdict.unknown(ip));
            return lookup;
        }
        if (sources.isEmpty()) {
            lookup.finish();
            return lookup;
        }
        if (sharedVerdicts != null) {
            findShared(ip).whenComplete((json, e) -> {
                Verdict verdict = json == null ? null : fromShared(ip, json);
                if (verdict != null) {
                    lookup.adopt(verdict);
                } else {
                    askAll(lookup);
                }
            });
            return lookup;
        }
        askAll(lookup);
        return lookup;
    }

    private void askAll(Lookup lookup) {
        for (int i = 0; i < sources.size(); i++) {
            int index = i;
            ask(sources.get(i), guards[i], lookup.ip).thenAccept(result -> lookup.answer(index, result));
        }
    }

    /** What another node shared for {@code ip}; {@code null} after the source deadline at the latest. */
    private CompletableFuture<String> findShared(IpAddress ip) {
        CompletableFuture<String> found;
        try {
            found = sharedVerdicts.find(ip).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
        if (!found.isDone()) {
            CompletableFuture<String> bounded = found;
            try {
                ScheduledFuture<?> timer = scheduler.schedule(() -> bounded.complete(null), sourceDeadlineNanos, TimeUnit.NANOSECONDS);
                found.whenComplete((r, e) -> timer.cancel(false));
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return found.exceptionally(e -> null);
    }

    /** A shared verdict as this checker would have made it; {@code null} if unreadable (then look up). */
    private Verdict fromShared(IpAddress ip, String json) {
        try {
            Verdict verdict = VerdictJson.read(json, notifyCategories);
            return verdict.ip().equals(ip) && verdict.complete() ? verdict : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * One address's lookup in all sources: {@code decided} completes as soon as the outcome is
     * settled, {@code complete} when every source has answered (and the cache holds the verdict).
     */
    private final class Lookup {
        final IpAddress ip;
        final boolean rehearsal; // Checker.warmUp's: nothing is told to the listener
        final long started = ticker.read();
        final CompletableFuture<Verdict> decided = new CompletableFuture<>();
        final CompletableFuture<Verdict> complete = new CompletableFuture<>();
        // guarded by this
        private final SourceResult[] results = new SourceResult[sources.size()];
        private int answered;
        private BigDecimal score = BigDecimal.ZERO;
        private BigDecimal stillHighest = totalHighest;
        private BigDecimal stillLowest = totalLowest;
        private boolean answeredEarly;

        Lookup(IpAddress ip) {
            this(ip, false);
        }

        Lookup(IpAddress ip, boolean rehearsal) {
            this.ip = ip;
            this.rehearsal = rehearsal;
        }

        /** Takes a verdict another node shared: cached here too, and handed to everybody waiting. */
        void adopt(Verdict verdict) {
            try {
                keep(ip, verdict);
            } finally {
                inFlight.remove(ip, this);
            }
            settle(verdict);
        }

        /** Completes both futures at once, with a verdict from elsewhere (the cache, or unknown). */
        void settle(Verdict verdict) {
            decided.complete(verdict);
            complete.complete(verdict);
        }

        void answer(int index, SourceResult result) {
            Verdict early = null;
            boolean last;
            try {
                synchronized (this) {
                    SourceResult r = result;
                    if (r instanceof SourceResult.Listed listed) {
                        Listing weighed = weigh(index, listed.listing());
                        r = SourceResult.listed(weighed);
                        if (Verdict.counts(weighed, notifyCategories)) {
                            score = score.add(BigDecimal.valueOf(weighed.weight()));
                        }
                    }
                    results[index] = r;
                    answered++;
                    stillHighest = stillHighest.subtract(highest[index]);
                    stillLowest = stillLowest.subtract(lowest[index]);
                    last = answered == results.length;
                    if (!last && earlyAnswer && !answeredEarly && settled()) {
                        answeredEarly = true;
                        early = verdict();
                    }
                }
            } catch (RuntimeException e) {
                // a bug, not a list's fault: fail open, cache nothing
                inFlight.remove(ip, this);
                settle(Verdict.unknown(ip));
                return;
            }
            if (early != null) {
                if (!rehearsal) {
                    listener.verdictAnsweredEarly(early, ticker.read() - started);
                }
                decided.complete(early);
            }
            if (last) {
                finish();
            }
        }

        /**
         * Whether the sources still pending cannot change the outcome: even if every one of them
         * lists the address with its heaviest weight, the score stays below the threshold; or even if
         * every allowlist among them vouches for it, the score stays at or above the threshold.
         */
        private boolean settled() {
            return score.add(stillLowest).compareTo(thresholdExact) >= 0
                    || score.add(stillHighest).compareTo(thresholdExact) < 0;
        }

        /** The verdict from the answers so far: complete when every source answered. */
        private Verdict verdict() {
            List<Listing> listings = new ArrayList<>(1);
            List<SourceError> errors = new ArrayList<>(0);
            List<String> pending = new ArrayList<>(0);
            for (int i = 0; i < results.length; i++) {
                SourceResult result = results[i];
                if (result == null) {
                    pending.add(sources.get(i).name());
                } else if (result instanceof SourceResult.Listed listed) {
                    listings.add(listed.listing());
                } else if (result instanceof SourceResult.Failed failed) {
                    errors.add(new SourceError(sources.get(i).name(), failed.kind(), failed.message()));
                }
            }
            return pending.isEmpty()
                    ? Verdict.of(ip, listings, errors, notifyCategories, threshold)
                    : Verdict.decidedEarly(ip, listings, errors, notifyCategories, threshold, pending);
        }

        /** Every source has answered: the verdict is made, cached and handed to everybody waiting. */
        void finish() {
            Verdict verdict;
            try {
                synchronized (this) {
                    verdict = verdict();
                }
                if (!rehearsal) {
                    listener.verdictComputed(verdict, ticker.read() - started);
                }
                keep(ip, verdict);
                if (sharedVerdicts != null && !rehearsal) {
                    sharedVerdicts.share(ip, VerdictJson.write(verdict), Duration.ofNanos(expiry.lifetime(verdict)));
                }
            } catch (RuntimeException e) {
                verdict = Verdict.unknown(ip); // a bug, not a list's fault: fail open, cache nothing
            } finally {
                inFlight.remove(ip, this);
            }
            settle(verdict);
        }
    }

    /**
     * The listing with the weight it counts with: the source's weight, unless the source gives one of
     * the listing's categories its own ({@link CategoryWeights}). Of several categories, a negative
     * weight wins (the list vouches for the address), else the heaviest of the notify categories,
     * else the heaviest of all (then it does not count, but shows what it would have weighed).
     */
    private Listing weigh(int index, Listing listing) {
        double sourceWeight = weights[index];
        CategoryWeights given = categoryWeights[index];
        if (given == CategoryWeights.NONE) {
            return listing.withWeight(sourceWeight);
        }
        double vouching = 0;
        double notifying = Double.NaN;
        double any = Double.NaN;
        for (Category category : listing.categories()) {
            double w = given.weight(listing, category);
            if (Double.isNaN(w)) {
                w = sourceWeight;
            }
            vouching = Math.min(vouching, w);
            if (notifyCategories.contains(category) && (Double.isNaN(notifying) || w > notifying)) {
                notifying = w;
            }
            if (Double.isNaN(any) || w > any) {
                any = w;
            }
        }
        double weight = vouching < 0 ? vouching : !Double.isNaN(notifying) ? notifying : any;
        return listing.withWeight(weight);
    }

    private CompletableFuture<SourceResult> ask(Source source, SourceGuard guard, IpAddress ip) {
        long started = ticker.read();
        boolean farmRate = sharedRateLimits != null && guard.maxRate() > 0;
        SourceResult refused = guard.refuse(started, !farmRate);
        if (refused != null) {
            listener.sourceQueried(source.name(), ip, refused, 0);
            return CompletableFuture.completedFuture(refused);
        }
        CompletableFuture<SourceResult> answer;
        if (farmRate) {
            answer = acquireShared(source, guard).thenCompose(over -> over != null
                    ? CompletableFuture.completedFuture(over)
                    : query(source, ip));
        } else {
            answer = query(source, ip);
        }
        return answer
                .handle((result, e) -> {
                    SourceResult r = result != null ? result
                            : SourceResult.failed(SourceResult.Failure.ERROR, "source failed: " + e);
                    long finished = ticker.read();
                    guard.record(r, finished);
                    listener.sourceQueried(source.name(), ip, r, finished - started);
                    return r;
                });
    }

    private CompletableFuture<SourceResult> query(Source source, IpAddress ip) {
        CompletableFuture<SourceResult> answer;
        try {
            answer = source.query(ip).toCompletableFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.completedFuture(SourceResult.failed(SourceResult.Failure.ERROR, "source failed: " + e));
        }
        if (!answer.isDone()) {
            deadline(answer);
        }
        return answer;
    }

    /**
     * Takes a query from the farm's bucket of {@code source}: {@code null} to go ahead, or the
     * OVERLOADED result. When the farm cannot decide, this checker's own bucket does.
     */
    private CompletableFuture<SourceResult> acquireShared(Source source, SourceGuard guard) {
        CompletableFuture<Boolean> acquired;
        try {
            acquired = sharedRateLimits.tryAcquire(source.name(), guard.maxRate(), guard.burst()).toCompletableFuture();
        } catch (RuntimeException e) {
            acquired = CompletableFuture.completedFuture(null);
        }
        return acquired.handle((granted, e) -> {
            if (granted == null) {
                return guard.overRate(ticker.read());
            }
            return granted ? null : SourceResult.failed(SourceResult.Failure.OVERLOADED,
                    "the farm is over its rate limit of " + guard.maxRate() + " queries per second");
        });
    }

    /**
     * Answers TIMEOUT for a source that has not answered within the source deadline. Timed on the
     * checker's scheduler, not with {@code completeOnTimeout}: that starts the JDK's one
     * {@code CompletableFutureDelayScheduler} thread, which would keep a reloaded webapp's class loader.
     */
    private void deadline(CompletableFuture<SourceResult> answer) {
        SourceResult timeout = SourceResult.failed(SourceResult.Failure.TIMEOUT,
                "no answer within " + Duration.ofNanos(sourceDeadlineNanos));
        ScheduledFuture<?> timer;
        try {
            timer = scheduler.schedule(() -> answer.complete(timeout), sourceDeadlineNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            answer.complete(SourceResult.failed(SourceResult.Failure.ERROR, "the checker is closed"));
            return;
        }
        answer.whenComplete((r, e) -> timer.cancel(false));
    }

    /**
     * Readies what a first lookup needs, so that class loading and connection set-up are not paid
     * inside a visitor's budget: waits, at most {@code wait}, for the sources' first health check or
     * load (which opens their connections), lets each source {@linkplain Source#warmUp() warm up}, and
     * runs this checker's own lookup path once, answered by made-up listings. Asks no list, leaves
     * nothing in the cache, tells the listener nothing. For a filter's {@code init}, before the first request.
     *
     * @return whether every source had started within {@code wait}
     */
    public boolean warmUp(Duration wait) {
        boolean started;
        try {
            ready.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            started = true;
        } catch (TimeoutException | ExecutionException e) {
            started = false; // still starting: its lookups say so until then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        for (Source source : sources) {
            try {
                source.warmUp();
            } catch (RuntimeException e) {
                // a warm-up is an optimisation: a source that cannot warm up still answers lookups
            }
        }
        IpAddress madeUp = IpAddress.parse("192.0.2.0"); // TEST-NET-1: never a visitor
        cache.asMap().containsKey(madeUp); // a cache read that counts no miss in the cache's statistics
        // a lookup's own path, answered by made-up listings instead of the sources, heard by no listener
        Lookup rehearsal = new Lookup(madeUp, true);
        for (int i = 0; i < sources.size(); i++) {
            rehearsal.answer(i, SourceResult.listed(new Listing(sources.get(i).name(), Category.INFECTED, List.of("127.0.0.2"), null)));
        }
        forget(madeUp);
        List<SourceError> errors = List.of(new SourceError("warm-up", SourceResult.Failure.TIMEOUT, "warm-up"));
        Verdict.of(madeUp, List.of(), errors, notifyCategories, threshold).toString();
        Verdict.unknown(madeUp);
        Verdict.clean(madeUp);
        try {
            scheduler.schedule(() -> { }, 1, TimeUnit.DAYS).cancel(false); // as a source deadline is set and cancelled
        } catch (RejectedExecutionException e) {
            // closing
        }
        try {
            new CompletableFuture<Verdict>().get(1, TimeUnit.NANOSECONDS); // the budget's timed wait
        } catch (TimeoutException | ExecutionException e) {
            // as every budget that runs out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return started;
    }

    /** Completes when every source has finished starting (first health check, first load), whatever the result. */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    /** The verdicts this checker shares with other nodes, if it does (e.g. for their meters). */
    public Optional<SharedVerdicts> sharedVerdicts() {
        return Optional.ofNullable(sharedVerdicts);
    }

    /** The health of the verdicts shared with other nodes, if this checker shares them. */
    public Optional<SourceHealth> sharedHealth() {
        return sharedVerdicts == null ? Optional.empty() : Optional.of(sharedVerdicts.health());
    }

    /** The health of each source, by name, in configuration order. */
    public Map<String, SourceHealth> health() {
        Map<String, SourceHealth> health = new LinkedHashMap<>();
        for (Source source : sources) {
            health.put(source.name(), source.health());
        }
        return Collections.unmodifiableMap(health);
    }

    /** The sources, in configuration order. */
    public List<Source> sources() {
        return sources;
    }

    /** The categories that make a verdict {@linkplain Verdict#shouldNotify() notify}. */
    public Set<Category> notifyCategories() {
        return notifyCategories;
    }

    /** The score at which a verdict notifies. */
    public double notifyThreshold() {
        return threshold;
    }

    /** The weight of each source, by name, in configuration order. */
    public Map<String, Double> weights() {
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            byName.put(sources.get(i).name(), weights[i]);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** About how many verdicts the cache holds. */
    public long estimatedCacheSize() {
        return cache.estimatedSize() + (ipv4 == null ? 0 : ipv4.size());
    }

    /** Forgets every cached verdict, e.g. after the configuration changed. */
    public void invalidateAll() {
        cache.invalidateAll();
        if (ipv4 != null) {
            ipv4.clear();
        }
    }

    /**
     * Stops every thread the checker started, and waits a few seconds for them to end: each source's
     * background work, then what its sources shared (the HTTP client, its connection pool and
     * threads), then the checker's own scheduler. A scheduler or executor lent through the
     * {@link Builder} is not shut down: it stays its lender's. After this, the checker answers no
     * further lookups usefully. {@code TocsinFilter.destroy()} and the Spring context close the
     * checker they made, so a reloaded webapp leaves no thread behind.
     */
    @Override
    public void close() {
        for (Source source : sources) {
            try {
                source.close();
            } catch (Exception e) {
                // closing one source must not keep the others open
            }
        }
        context.close();
        for (AutoCloseable shared : new AutoCloseable[] {sharedVerdicts, sharedRateLimits}) {
            try {
                if (shared != null) {
                    shared.close();
                }
            } catch (Exception e) {
                // closing the shared tier must not keep the scheduler running
            }
        }
        if (hitClockTask != null) {
            hitClockTask.cancel(false); // a lent scheduler goes on without it
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
            schedulerThreads.join(STOP_WAIT);
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private List<String> sourceNames() {
        List<String> names = new ArrayList<>();
        for (Source source : sources) {
            names.add(source.name());
        }
        return names;
    }

    private ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, schedulerThreads);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** The most one source's listing can add to a score: its weight or its codes' heaviest, at least 0. */
    private static double highest(double weight, CategoryWeights given) {
        double high = Math.max(0, weight);
        for (double w : given == null ? new double[0] : given.weights()) {
            high = Math.max(high, w);
        }
        return high;
    }

    /** The most one source's listing can take from a score: its weight or its codes' lightest, at most 0. */
    private static double lowest(double weight, CategoryWeights given) {
        double low = Math.min(0, weight);
        for (double w : given == null ? new double[0] : given.weights()) {
            low = Math.min(low, w);
        }
        return low;
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private void setHitClock() {
        moveHitClock(ticker.read());
    }

    /** Moves the hit clock on to {@code now}, never back (a racing older reading loses). */
    private void moveHitClock(long now) {
        long clock = hitClock;
        if (hitClockSet && now - clock > 0) {
            hitClock = now; // a lost race leaves it at most one reading behind, until the next tick
        }
    }

    /** Caches a complete verdict: an IPv4 address's in the table (unless its lifetime is too long for it), any other in the cache. */
    private void keep(IpAddress ip, Verdict verdict) {
        boolean plainClean = isPlainClean(verdict);
        if (ipv4 != null && ip.isIpv4()) {
            long lifetime = expiry.lifetime(verdict);
            if (Ipv4Verdicts.fits(lifetime)) {
                long now = ticker.read();
                ipv4.put(ip.ipv4Bits(), plainClean ? Ipv4Verdicts.CLEAN : verdict, now, lifetime);
                moveHitClock(now);
                return;
            }
            ipv4.remove(ip.ipv4Bits());
        }
        cache.put(ip, plainClean ? CLEAN : verdict);
    }

    /** Forgets the cached verdict for {@code ip}, wherever it is kept (another node changed it, or a warm-up's). */
    private void forget(IpAddress ip) {
        if (ipv4 != null && ip.isIpv4()) {
            ipv4.remove(ip.ipv4Bits());
        }
        cache.invalidate(ip);
    }

    private static boolean isPlainClean(Verdict verdict) {
        return !verdict.listed() && verdict.errors().isEmpty() && verdict.complete();
    }

    /** Listed, clean and failed verdicts each have their own lifetime. */
    private static final class VerdictExpiry implements Expiry<IpAddress, Object> {
        private final long listedNanos;
        private final long cleanNanos;
        private final long errorNanos;

        VerdictExpiry(long listedNanos, long cleanNanos, long errorNanos) {
            this.listedNanos = listedNanos;
            this.cleanNanos = cleanNanos;
            this.errorNanos = errorNanos;
        }

        long lifetime(Object value) {
            if (value == CLEAN) {
                return cleanNanos;
            }
            Verdict verdict = (Verdict) value;
            if (verdict.listed()) {
                return listedNanos;
            }
            return verdict.errors().isEmpty() ? cleanNanos : errorNanos;
        }

        @Override
        public long expireAfterCreate(IpAddress key, Object value, long currentTime) {
            return lifetime(value);
        }

        @Override
        public long expireAfterUpdate(IpAddress key, Object value, long currentTime, long currentDuration) {
            return lifetime(value);
        }

        @Override
        public long expireAfterRead(IpAddress key, Object value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /**
     * Builds a {@link Checker}. Each setting may be given once; a second call fails fast, as does
     * a source name used twice.
     */
    public static final class Builder {
        private final Map<String, Source> sources = new LinkedHashMap<>();
        private final Map<String, SourceLimits> limits = new LinkedHashMap<>();
        private final Map<String, Double> weights = new LinkedHashMap<>();
        private Set<Category> notifyCategories;
        private Double notifyThreshold;
        private Boolean earlyAnswer;
        private long cacheMaximumSize = -1;
        private Duration listedTtl;
        private Duration cleanTtl;
        private Duration errorTtl;
        private Duration sourceDeadline;
        private int maxInFlight = -1;
        private Listener listener;
        private Ticker ticker;
        private Clock clock;
        private Executor executor;
        private ScheduledExecutorService scheduler;
        private Supplier<? extends StatsCounter> statsCounter;
        private SharedVerdicts sharedVerdicts;
        private SharedRateLimits sharedRateLimits;

        private Builder() {
        }

        /** Adds a source; its name must be new. */
        public Builder source(Source source) {
            Objects.requireNonNull(source, "source");
            String name = Objects.requireNonNull(source.name(), "source name");
            if (sources.putIfAbsent(name, source) != null) {
                throw new IllegalStateException("a source named \"" + name + "\" was already added");
            }
            return this;
        }

        /** Adds a source with its own limits instead of {@link SourceLimits#defaultsFor the defaults}. */
        public Builder source(Source source, SourceLimits sourceLimits) {
            Objects.requireNonNull(sourceLimits, "sourceLimits");
            source(source);
            limits.put(source.name(), sourceLimits);
            return this;
        }

        /** The categories that make a verdict notify; default {@link #DEFAULT_NOTIFY_CATEGORIES infected}. */
        public Builder notifyCategories(Set<Category> categories) {
            requireUnset(notifyCategories, "notifyCategories");
            this.notifyCategories = EnumSet.noneOf(Category.class);
            this.notifyCategories.addAll(categories);
            return this;
        }

        /**
         * How much a listing from the source named {@code source} counts towards a verdict's score;
         * default 1. A negative weight makes the source an allowlist: its listings count whatever
         * their category, and pull the score down. Zero shows the source's listings without counting
         * them.
         *
         * @throws IllegalArgumentException if {@code weight} is NaN or infinite
         */
        public Builder weight(String source, double weight) {
            Objects.requireNonNull(source, "source");
            if (!Double.isFinite(weight)) {
                throw new IllegalArgumentException("the weight of source \"" + source + "\" must be a finite number: " + weight);
            }
            if (weights.putIfAbsent(source, weight) != null) {
                throw new IllegalStateException("the weight of source \"" + source + "\" was already set to " + weights.get(source));
            }
            return this;
        }

        /**
         * The score at which a verdict notifies; default 1, so that with the default weights one
         * listing in a notify category is enough.
         *
         * @throws IllegalArgumentException unless {@code threshold} is a finite number greater than zero
         */
        public Builder notifyThreshold(double threshold) {
            requireUnset(notifyThreshold, "notifyThreshold");
            this.notifyThreshold = Verdict.requireThreshold(threshold);
            return this;
        }

        /**
         * Whether a budgeted check answers as soon as the sources still pending cannot change the
         * outcome; default true. Off, it waits for every source (or its budget), as before weights.
         */
        public Builder earlyAnswer(boolean early) {
            requireUnset(earlyAnswer, "earlyAnswer");
            this.earlyAnswer = early;
            return this;
        }

        /**
         * How many verdicts the cache keeps at most; default {@link #DEFAULT_CACHE_MAXIMUM_SIZE 100000}.
         * The verdicts of IPv4 addresses, the commonest visitors, are kept apart in a table of 12-byte
         * slots (with compressed references), twice as many as this rounded up to a power of two (at most
         * 4M slots, 48 MiB, made when the checker is built); the bound applies to that table and to the
         * other verdicts each.
         */

        public Builder cacheMaximumSize(long maximumSize) {
            if (cacheMaximumSize >= 0) {
                throw new IllegalStateException("cacheMaximumSize was already set to " + cacheMaximumSize);
            }
            if (maximumSize < 0) {
                throw new IllegalArgumentException("cacheMaximumSize must not be negative: " + maximumSize);
            }
            this.cacheMaximumSize = maximumSize;
            return this;
        }

        /** How long a listed verdict is kept; default {@link #DEFAULT_LISTED_TTL 1h}. */
        public Builder listedTtl(Duration ttl) {
            requireUnset(listedTtl, "listedTtl");
            this.listedTtl = requirePositive(ttl, "listedTtl");
            return this;
        }

        /** How long a clean verdict (every source answered) is kept; default {@link #DEFAULT_CLEAN_TTL 15m}. */
        public Builder cleanTtl(Duration ttl) {
            requireUnset(cleanTtl, "cleanTtl");
            this.cleanTtl = requirePositive(ttl, "cleanTtl");
            return this;
        }

        /** How long a verdict with failed sources and no listing is kept; default {@link #DEFAULT_ERROR_TTL 30s}. */
        public Builder errorTtl(Duration ttl) {
            requireUnset(errorTtl, "errorTtl");
            this.errorTtl = requirePositive(ttl, "errorTtl");
            return this;
        }

        /**
         * The longest any source may take before its answer counts as a timeout, whatever its own
         * timeouts say; default {@link #DEFAULT_SOURCE_DEADLINE 10s}. Requests never wait this long: they wait their budget.
         */
        public Builder sourceDeadline(Duration deadline) {
            requireUnset(sourceDeadline, "sourceDeadline");
            this.sourceDeadline = requirePositive(deadline, "sourceDeadline");
            return this;
        }

        /** How many distinct addresses may be looked up at once; beyond it checks answer unknown. Default {@link #DEFAULT_MAX_IN_FLIGHT 10000}. */
        public Builder maxInFlight(int max) {
            if (maxInFlight >= 0) {
                throw new IllegalStateException("maxInFlight was already set to " + maxInFlight);
            }
            if (max < 1) {
                throw new IllegalArgumentException("maxInFlight must be positive: " + max);
            }
            this.maxInFlight = max;
            return this;
        }

        public Builder listener(Listener listener) {
            requireUnset(this.listener, "listener");
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The time source for cache expiry and lookup timings; for tests. */
        public Builder ticker(Ticker ticker) {
            requireUnset(this.ticker, "ticker");
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The wall clock lent to sources; for tests. */
        public Builder clock(Clock clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where the cache runs its maintenance; default the JDK's common pool. Lent: the checker
         * never shuts it down.
         */
        public Builder executor(Executor executor) {
            requireUnset(this.executor, "executor");
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The scheduler for sources' background work (health checks, refreshes, polls) and for
         * timeouts (source deadlines, DNS and HTTP timeouts); tasks are short and never block.
         * Default: one daemon thread, {@code tocsin-scheduler}, owned by the checker and stopped by
         * {@link Checker#close()}. Lent: the checker cancels its own tasks but never shuts it down.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            requireUnset(this.scheduler, "scheduler");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Verdicts shared with other nodes, consulted when this checker's own cache misses (never on a
         * hit) and given every complete verdict with its listed, clean or error lifetime. The checker
         * closes it.
         */
        public Builder sharedVerdicts(SharedVerdicts shared) {
            requireUnset(this.sharedVerdicts, "sharedVerdicts");
            this.sharedVerdicts = Objects.requireNonNull(shared, "shared");
            return this;
        }

        /**
         * Rate limits shared with other nodes: each source's {@code max-rate} then holds for all of
         * them together, with this checker's own bucket as the fallback. The checker closes it.
         */
        public Builder sharedRateLimits(SharedRateLimits limits) {
            requireUnset(this.sharedRateLimits, "sharedRateLimits");
            this.sharedRateLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Records verdict-cache statistics, e.g. with Micrometer's {@code CaffeineStatsCounter}. */
        public Builder cacheStats(Supplier<? extends StatsCounter> statsCounter) {
            requireUnset(this.statsCounter, "cacheStats");
            this.statsCounter = Objects.requireNonNull(statsCounter, "statsCounter");
            return this;
        }

        /**
         * The highest score the sources added so far can reach together: the sum of each one's
         * heaviest positive weight, its own or its codes'.
         */
        public BigDecimal reach() {
            BigDecimal reach = BigDecimal.ZERO;
            for (Source source : sources.values()) {
                reach = reach.add(BigDecimal.valueOf(highest(weights.getOrDefault(source.name(), Listing.DEFAULT_WEIGHT),
                        source.categoryWeights())));
            }
            return reach;
        }

        /**
         * Builds the checker and starts its sources' background work.
         *
         * @throws IllegalStateException if a weight names no source, or the threshold is out of reach
         *     of every source together
         */
        public Checker build() {
            for (String name : weights.keySet()) {
                if (!sources.containsKey(name)) {
                    throw new IllegalStateException("a weight was given for \"" + name + "\", which is no source (sources: "
                            + sources.keySet() + ")");
                }
            }
            if (!sources.isEmpty()) {
                BigDecimal reach = reach();
                double limit = notifyThreshold == null ? Verdict.DEFAULT_THRESHOLD : notifyThreshold;
                if (reach.compareTo(BigDecimal.valueOf(limit)) < 0) {
                    throw new IllegalStateException("the notify threshold " + BigDecimal.valueOf(limit).stripTrailingZeros().toPlainString()
                            + " cannot be reached: the positive weights of all sources add up to " + reach.stripTrailingZeros().toPlainString());
                }
            }
            return new Checker(this);
        }

        private static void requireUnset(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
        }

        private static Duration requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }
}
