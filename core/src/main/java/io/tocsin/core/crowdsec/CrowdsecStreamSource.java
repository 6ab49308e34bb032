package io.tocsin.core.crowdsec;

import io.tocsin.core.EnumerableSource;
import io.tocsin.core.ListedRange;
import io.tocsin.core.SourceContext;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.config.Durations;
import io.tocsin.core.http.HttpAnswer;
import io.tocsin.core.http.JsonEndpoint;
import io.tocsin.core.http.RetryDelays;
import io.tocsin.core.http.UnexpectedJsonException;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code crowdsec} in {@code mode=stream}: mirrors every decision of the Local API through the
 * bouncer stream, {@code GET {url}/v1/decisions/stream?startup=true} first and then incremental polls
 * every {@code refresh}, and answers lookups from memory. No visitor address ever leaves the process.
 *
 * <p>The API repeats deletions for a while, and {@code startup=true} includes recent ones, so
 * deletions are applied by decision id and are idempotent. Each decision expires locally when the
 * time it had left when received has passed, so that a decision whose deletion was missed (the API
 * was down) still ends. If the API cannot be reached before the first load, lookups report an error
 * (fail open) and the load is retried with exponential back-off; if it becomes unreachable later,
 * the last known decisions keep being used, still expiring on time, while polls are retried.
 */
final class CrowdsecStreamSource implements EnumerableSource {

    private static final Logger LOG = LoggerFactory.getLogger(CrowdsecStreamSource.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private record Held(Decision decision, Instant expires) {
    }

    /** An immutable view of the decisions for lookups, swapped atomically after each poll. */
    private record Snapshot(Map<IpAddress, Held[]> singles, IpSet rangeCover, Held[] ranges, int size, Instant loadedAt) {
    }

    private record Delta(List<Decision> deleted, List<Decision> added) {
    }

    private final CrowdsecOptions options;
    private final JsonEndpoint endpoint;
    private final HttpUrl streamUrl;
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
    private final Object lock = new Object();
    // guarded by lock; changed only by the one poll in progress
    private final Map<String, Held> decisions = new HashMap<>();
    private final RetryDelays retry;
    private boolean startup = true;

    private volatile Snapshot snapshot; // null until the first successful load
    private volatile SourceHealth health = SourceHealth.starting("decisions not yet loaded", Instant.now());
    private volatile SourceContext context;
    private volatile Clock clock = Clock.systemUTC();
    private volatile ScheduledFuture<?> nextPoll;
    private volatile boolean closed;

    CrowdsecStreamSource(CrowdsecOptions options) {
        this.options = options;
        this.endpoint = new JsonEndpoint(options.name(), options.http());
        this.streamUrl = options.url().newBuilder().addPathSegments("v1/decisions/stream").build();
        Duration first = options.refresh().compareTo(FIRST_RETRY) < 0 ? options.refresh() : FIRST_RETRY;
        this.retry = new RetryDelays(first, options.refresh().compareTo(MAX_RETRY) > 0 ? options.refresh() : MAX_RETRY);
    }

    @Override
    public String name() {
        return options.name();
    }

    /** Completes after the first attempt to load the decisions, whether it worked or not. */
    @Override
    public CompletionStage<?> start(SourceContext sourceContext) {
        this.context = sourceContext;
        this.clock = sourceContext.clock();
        endpoint.start(sourceContext);
        health = SourceHealth.starting("decisions not yet loaded", clock.instant());
        poll();
        return firstAttempt.copy();
    }

    private void poll() {
        if (closed) {
            return;
        }
        boolean first;
        synchronized (lock) {
            first = startup;
        }
        Request request = new Request.Builder()
                .url(streamUrl.newBuilder().addQueryParameter("startup", Boolean.toString(first)).build())
                .header("X-Api-Key", options.apiKey())
                .header("Accept", "application/json")
                .build();
        endpoint.get(request, (body, headers) -> parse(body), null).whenComplete((answer, neverThrown) -> {
            try {
                if (answer instanceof HttpAnswer.Ok<Delta> ok) {
                    loaded(ok.value());
                } else if (answer instanceof HttpAnswer.Problem<Delta> problem) {
                    failed(problem.message());
                } else {
                    failed(String.valueOf(neverThrown));
                }
            } catch (RuntimeException e) {
                LOG.error("CrowdSec stream {}: applying decisions failed", options.name(), e);
                failed("applying decisions failed: " + e);
            } finally {
                firstAttempt.complete(null);
            }
        });
    }

    private static Delta parse(JsonNode body) throws UnexpectedJsonException {
        if (!body.isObject()) {
            throw new UnexpectedJsonException("expected an object with \"new\" and \"deleted\", got " + body.getNodeType());
        }
        return new Delta(list(body, "deleted", false), list(body, "new", true));
    }

    private static List<Decision> list(JsonNode body, String field, boolean needDuration) throws UnexpectedJsonException {
        JsonNode node = body.get(field);
        if (node == null) {
            throw new UnexpectedJsonException("the stream answer has no \"" + field + "\"");
        }
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new UnexpectedJsonException("\"" + field + "\" is not an array but " + node.getNodeType());
        }
        List<Decision> out = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            Decision d = Decision.parse(element, needDuration);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private void loaded(Delta delta) {
        Instant now = clock.instant();
        Snapshot s;
        int added = 0;
        int removed = 0;
        synchronized (lock) {
            for (Decision d : delta.deleted()) {
                if (decisions.remove(d.key()) != null) {
                    removed++;
                }
            }
            for (Decision d : delta.added()) {
                if (d.duration().isNegative() || d.duration().isZero() || !options.counts(d)) {
                    continue;
                }
                decisions.put(d.key(), new Held(d, now.plus(d.duration())));
                added++;
            }
            for (Iterator<Held> it = decisions.values().iterator(); it.hasNext(); ) {
                if (!it.next().expires().isAfter(now)) {
                    it.remove();
                    removed++;
                }
            }
            startup = false;
            retry.succeeded();
            Snapshot previous = snapshot;
            s = added == 0 && removed == 0 && previous != null
                    ? new Snapshot(previous.singles(), previous.rangeCover(), previous.ranges(), previous.size(), now)
                    : build(decisions, now);
            snapshot = s;
        }
        if (added > 0 || removed > 0) {
            LOG.debug("CrowdSec stream {}: {} new, {} removed, {} held", options.name(), added, removed, s.size());
        }
        setHealth(SourceHealth.up(s.size() + " decisions, last poll " + now, now));
        schedule(options.refresh());
    }

    private static Snapshot build(Map<String, Held> decisions, Instant now) {
        Map<IpAddress, List<Held>> singles = new HashMap<>();
        List<Held> ranges = new ArrayList<>();
        IpSet.Builder cover = IpSet.builder();
        for (Held h : decisions.values()) {
            if (h.decision().range().first().equals(h.decision().range().last())) {
                singles.computeIfAbsent(h.decision().range().first(), k -> new ArrayList<>(1)).add(h);
            } else {
                ranges.add(h);
                cover.add(h.decision().range());
            }
        }
        Map<IpAddress, Held[]> frozen = new HashMap<>(singles.size() * 4 / 3 + 1);
        singles.forEach((k, v) -> frozen.put(k, v.toArray(Held[]::new)));
        return new Snapshot(frozen, cover.build(), ranges.toArray(Held[]::new), decisions.size(), now);
    }

    private void failed(String message) {
        Duration delay;
        synchronized (lock) {
            delay = retry.failed();
        }
        Instant now = clock.instant();
        Snapshot s = snapshot;
        String retrying = "; retrying in " + Durations.format(delay);
        if (s == null) {
            setHealth(SourceHealth.suspended("cannot load decisions from " + options.url() + ": " + message + retrying, now));
        } else {
            setHealth(SourceHealth.up("poll failed: " + message + "; keeping " + s.size()
                    + " decisions from " + s.loadedAt() + retrying, now));
        }
        schedule(delay);
    }

    private void setHealth(SourceHealth next) {
        SourceHealth previous = health;
        health = next.after(previous);
        boolean changed = previous.state() != next.state();
        boolean newProblem = next.reason().startsWith("poll failed") && !previous.reason().startsWith("poll failed");
        if (changed || newProblem) {
            if (next.isUp() && !newProblem) {
                LOG.info("CrowdSec stream {} is up: {}", options.name(), next.reason());
            } else {
                LOG.warn("CrowdSec stream {}: {}", options.name(), next.reason());
            }
            SourceContext ctx = context;
            if (ctx != null && changed) {
                ctx.healthChanged(options.name(), health);
            }
        }
    }

    private void schedule(Duration delay) {
        SourceContext ctx = context;
        if (closed || ctx == null) {
            return;
        }
        nextPoll = ctx.schedule(this::poll, delay);
    }

    @Override
    public CompletionStage<SourceResult> query(IpAddress ip) {
        Snapshot s = snapshot;
        if (s == null) {
            return CompletableFuture.completedFuture(SourceResult.failed(SourceResult.Failure.SUSPENDED,
                    "no decisions loaded yet: " + health.reason()));
        }
        Held[] exact = s.singles().get(ip);
        boolean inRange = !s.rangeCover().isEmpty() && s.rangeCover().contains(ip);
        if (exact == null && !inRange) {
            return CompletableFuture.completedFuture(SourceResult.NOT_LISTED);
        }
        Instant now = clock.instant();
        List<Decision> found = new ArrayList<>(2);
        if (exact != null) {
            for (Held h : exact) {
                if (h.expires().isAfter(now)) {
                    found.add(h.decision());
                }
            }
        }
        if (inRange) {
            for (Held h : s.ranges()) {
                if (h.expires().isAfter(now) && h.decision().range().contains(ip)) {
                    found.add(h.decision());
                }
            }
        }
        return CompletableFuture.completedFuture(options.result(found));
    }

    @Override
    public boolean forEachListed(Consumer<? super ListedRange> action) {
        Snapshot s = snapshot;
        if (s == null) {
            return false;
        }
        Instant now = clock.instant();
        List<Held> held = new ArrayList<>(s.size());
        s.singles().values().forEach(list -> held.addAll(List.of(list)));
        held.addAll(List.of(s.ranges()));
        for (Held h : held) {
            if (h.expires().isAfter(now) && options.result(List.of(h.decision())) instanceof SourceResult.Listed listed) {
                action.accept(new ListedRange(h.decision().range(), listed.listing()));
            }
        }
        return true;
    }

    @Override
    public SourceHealth health() {
        return health;
    }

    /** Decisions held now (some may have expired since the last poll). */
    int size() {
        Snapshot s = snapshot;
        return s == null ? 0 : s.size();
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> f = nextPoll;
        if (f != null) {
            f.cancel(false);
        }
        firstAttempt.complete(null);
    }

    @Override
    public Optional<String> lookupUrl(IpAddress ip) {
        return Source.lookupUrl(options.lookupUrl(), ip);
    }

    @Override
    public String toString() {
        return "CrowdsecStreamSource{" + options.name() + ", " + options.url() + ", refresh=" + options.refresh() + "}";
    }
}
