package io.tocsin.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.tocsin.core.SharedVerdicts;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Verdicts shared through Redis, behind each node's own cache.
 *
 * <p>Keys (with the {@code key-prefix}, default {@code tocsin:}), both in the hash slot of the
 * address so that a Cluster can answer them in one script:
 * <ul>
 *   <li>{@code v:{IP}}: the verdict JSON, exactly as {@code /_tocsin/verdict} shows it, expiring with the
 *       verdict's listed, clean or error lifetime ({@code PX});</li>
 *   <li>{@code lease:{IP}}: held ({@code SET NX PX lease}) by the node looking the address up, so that
 *       the others wait for its verdict instead of asking the lists again.</li>
 * </ul>
 *
 * <p>New or removed evidence about an address (the {@link RedisEvidenceStore} of the same Redis and
 * prefix, through any node) deletes its shared verdict and is announced on the channel
 * {@code evidence}; every node then forgets its own cached verdict of the address.
 *
 * <p>{@link #find} is one round trip on a hit or a won lease. A node that lost the lease reads the
 * verdict key every few milliseconds until the winner shares its verdict or the lease runs out; then
 * it looks up itself. Any failure (Redis away, slower than {@code timeout}) answers {@code null}: the
 * node looks up itself, as it would without Redis.
 */
public final class RedisSharedVerdicts implements SharedVerdicts {

    // a hit: the JSON; the lease won: ""; the lease held by another node: nil
    private static final String FIND = """
            local v = redis.call('GET', KEYS[1])
            if v then return v end
            if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return '' end
            return false
            """;
    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration MAX_POLL = Duration.ofMillis(50);

    private final RedisLink link;
    private final String node = UUID.randomUUID().toString();
    private final RedisMetrics metrics;

    /** Verdicts shared over {@code link}; {@link #close()} releases this user of the link. */
    public RedisSharedVerdicts(RedisLink link) {
        this.link = Objects.requireNonNull(link, "link");
        this.metrics = link.metrics();
        link.warm(FIND);
    }

    String verdictKey(IpAddress ip) {
        return verdictKey(link, ip);
    }

    static String verdictKey(RedisLink link, IpAddress ip) {
        return link.key("v:{" + ip + "}");
    }

    /** The channel on which new evidence about an address is announced: nodes forget their verdicts of it. */
    static String evidenceChannel(RedisLink link) {
        return link.key("evidence");
    }

    /**
     * Forgets this node's cached verdict of every address the evidence store announces (new or removed
     * evidence, from any node), so that the {@code evidence} source is asked again at the next request.
     */
    @Override
    public void bind(Consumer<IpAddress> forget) {
        link.subscribe(evidenceChannel(link), message -> {
            try {
                forget.accept(IpAddress.parse(message));
            } catch (RuntimeException e) {
                // not an address: not ours
            }
        });
    }

    private String leaseKey(IpAddress ip) {
        return link.key("lease:{" + ip + "}");
    }

    @Override
    public CompletionStage<String> find(IpAddress ip) {
        String[] keys = {verdictKey(ip), leaseKey(ip)};
        long leaseMillis = Math.max(1, link.options().lease().toMillis());
        return link.<String>call(c -> c.eval(FIND, ScriptOutputType.VALUE, keys, node, Long.toString(leaseMillis)),
                        link.options().timeout())
                .handle((found, e) -> {
                    if (e != null) {
                        return CompletableFuture.<String>completedFuture(null);
                    }
                    if (found == null) {
                        metrics.leaseWaits.increment();
                        CompletableFuture<String> waited = new CompletableFuture<>();
                        poll(keys[0], System.nanoTime() + link.options().lease().toNanos(), FIRST_POLL, waited);
                        return waited;
                    }
                    if (found.isEmpty()) {
                        metrics.misses.increment();
                        return CompletableFuture.<String>completedFuture(null);
                    }
                    metrics.hits.increment();
                    return CompletableFuture.completedFuture(found);
                })
                .thenCompose(f -> f);
    }

    /** Reads the verdict until it is there or the lease is over: then {@code null} (look up yourself). */
    private void poll(String key, long deadline, Duration delay, CompletableFuture<String> waited) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            metrics.misses.increment();
            waited.complete(null);
            return;
        }
        Duration wait = Duration.ofNanos(Math.min(delay.toNanos(), left));
        boolean scheduled = link.later(wait, () -> link.<String>call(c -> c.get(key), link.options().timeout())
                .whenComplete((json, e) -> {
                    if (json != null) {
                        metrics.hits.increment();
                        waited.complete(json);
                    } else if (e instanceof RedisUnavailableException) {
                        waited.complete(null);
                    } else {
                        Duration next = delay.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : delay.multipliedBy(2);
                        poll(key, deadline, next, waited);
                    }
                }));
        if (!scheduled) {
            waited.complete(null);
        }
    }

    @Override
    public void share(IpAddress ip, String verdictJson, Duration ttl) {
        long millis = Math.max(1, ttl.toMillis());
        link.call(c -> c.set(verdictKey(ip), verdictJson, SetArgs.Builder.px(millis)), RedisLink.ADMIN_TIMEOUT);
    }

    @Override
    public SourceHealth health() {
        return link.health();
    }

    /** The counters of the link this uses. */
    public RedisMetrics metrics() {
        return metrics;
    }

    /** The link this uses. */
    public RedisLink link() {
        return link;
    }

    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "redis " + link.options().location();
    }
}
