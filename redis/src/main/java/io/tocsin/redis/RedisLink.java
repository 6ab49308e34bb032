package io.tocsin.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.threads.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One connection to Redis (a server, a Sentinel-managed master or a Cluster) for one node, that
 * never makes a caller wait longer than asked and never throws at a visitor's request.
 *
 * <p>While Redis is away, commands fail at once (Lettuce's {@code REJECT_COMMANDS}) and callers
 * fall back; Lettuce reconnects a connection it once had by itself, and a connection that could not
 * be made at start is retried here every second or so. Replies are handed on a thread of the link's
 * own ({@code tocsin-redis}), never on Lettuce's I/O threads, so callers may go on with blocking
 * work there.
 *
 * <p>A client lent by the application (e.g. Spring's) is used for a connection of the link's own and
 * is never shut down by {@link #close()}.
 */
public final class RedisLink implements AutoCloseable {

    /** What an administrative command (store maintenance, replay) may take at most. */
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIRST_CONNECT = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final RedisOptions options;
    private final AbstractRedisClient client;
    private final boolean ownsClient;
    private final DaemonThreads threads = DaemonThreads.named("tocsin-redis");
    private final ScheduledThreadPoolExecutor executor;
    private final RedisMetrics metrics = new RedisMetrics();
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> commands;
    private volatile boolean closed;
    private int users = 1; // guarded by this: close() ends the link when the last user closes it
    private final Map<String, List<Consumer<String>>> subscriptions = new ConcurrentHashMap<>();
    private StatefulRedisPubSubConnection<String, String> pubSub; // guarded by this
    private volatile String lastError = "not connected yet";
    private SourceHealth health; // guarded by this

    private RedisLink(RedisOptions options, AbstractRedisClient client, boolean ownsClient) {
        this.options = Objects.requireNonNull(options, "options");
        this.client = client;
        this.ownsClient = ownsClient;
        this.executor = new ScheduledThreadPoolExecutor(2, threads);
        executor.setRemoveOnCancelPolicy(true);
        this.health = SourceHealth.starting("connecting to redis " + options.location(), Instant.now());
        connectFirst();
    }

    /**
     * A link over a client of its own, connected when this returns if Redis answers within two
     * seconds; otherwise it keeps trying in the background, and callers fall back meanwhile.
     */
    public static RedisLink open(RedisOptions options) {
        if (options.uri() == null) {
            throw new IllegalArgumentException("a link of its own needs the address of Redis");
        }
        AbstractRedisClient client;
        if (options.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(options.uri());
            // a cluster connects to each master on its first command there: queue (bounded) rather than reject those
            cluster.setOptions(ClusterClientOptions.builder(clientOptions(options))
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .requestQueueSize(10_000)
                    .build());
            client = cluster;
        } else {
            RedisClient single = RedisClient.create();
            single.setOptions(clientOptions(options));
            client = single;
        }
        return new RedisLink(options, client, true);
    }

    /**
     * A link over a client the application already has (a {@link RedisClient} or
     * {@link RedisClusterClient}); {@link #close()} closes the link's connection, not the client.
     */
    public static RedisLink lent(AbstractRedisClient client, RedisOptions options) {
        Objects.requireNonNull(client, "client");
        return new RedisLink(options, client, false);
    }

    private static ClientOptions clientOptions(RedisOptions options) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                // the request path bounds its own waits (options.timeout()); this only ends commands nobody bounds
                .timeoutOptions(TimeoutOptions.enabled(ADMIN_TIMEOUT))
                .build();
    }

    /** The options the link was made with. */
    public RedisOptions options() {
        return options;
    }

    /** The link's counters. */
    public RedisMetrics metrics() {
        return metrics;
    }

    /** {@code key-prefix} followed by {@code rest}. */
    String key(String rest) {
        return options.keyPrefix() + rest;
    }

    private void connectFirst() {
        CompletableFuture<StatefulConnection<String, String>> first = connectAsync();
        try {
            adopt(first.get(FIRST_CONNECT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            first.thenAccept(this::adopt);
        } catch (ExecutionException | TimeoutException e) {
            failed(e instanceof ExecutionException ? e.getCause() : e);
            first.thenAccept(this::adopt);
            retryLater();
        }
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<StatefulConnection<String, String>> connectAsync() {
        try {
            if (client instanceof RedisClusterClient cluster) {
                // connectAsync needs the partitions (the cluster's topology) loaded, which only the blocking connect does
                return CompletableFuture.supplyAsync(() -> (StatefulConnection<String, String>) cluster.connect(StringCodec.UTF8), executor);
            }
            RedisClient single = (RedisClient) client;
            if (options.uri() == null) { // a lent client's own address
                return CompletableFuture.supplyAsync(() -> (StatefulConnection<String, String>) single.connect(StringCodec.UTF8), executor);
            }
            return single.connectAsync(StringCodec.UTF8, options.uri()).thenApply(c -> (StatefulConnection<String, String>) c)
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private synchronized void adopt(StatefulConnection<String, String> made) {
        if (closed || connection != null) {
            made.closeAsync();
            return;
        }
        connection = made;
        commands = made instanceof StatefulRedisClusterConnection<String, String> c ? c.async()
                : ((StatefulRedisConnection<String, String>) made).async();
        if (!subscriptions.isEmpty()) {
            later(Duration.ZERO, this::listen);
        }
    }

    /**
     * Calls {@code listener} (on a Lettuce I/O thread: it must be quick) with every message published
     * on {@code channel}, from now on, across reconnections. While Redis is away, messages are lost.
     */
    void subscribe(String channel, Consumer<String> listener) {
        subscriptions.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(listener);
        if (connection != null) {
            later(Duration.ZERO, this::listen);
        }
    }

    /** Opens the pub/sub connection if needed and subscribes to every channel; retried while it fails. */
    private void listen() {
        StatefulRedisPubSubConnection<String, String> ps;
        synchronized (this) {
            if (closed) {
                return;
            }
            ps = pubSub;
        }
        try {
            if (ps == null) {
                StatefulRedisPubSubConnection<String, String> made;
                if (client instanceof RedisClusterClient cluster) {
                    made = cluster.connectPubSub(StringCodec.UTF8);
                } else if (options.uri() == null) {
                    made = ((RedisClient) client).connectPubSub(StringCodec.UTF8);
                } else {
                    made = ((RedisClient) client).connectPubSub(StringCodec.UTF8, options.uri());
                }
                made.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        for (Consumer<String> listener : subscriptions.getOrDefault(channel, List.of())) {
                            try {
                                listener.accept(message);
                            } catch (RuntimeException e) {
                                // one listener's bug must not silence the others
                            }
                        }
                    }
                });
                synchronized (this) {
                    if (closed || pubSub != null) {
                        made.closeAsync();
                        return;
                    }
                    pubSub = made;
                    ps = made;
                }
            }
            ps.async().subscribe(subscriptions.keySet().toArray(String[]::new));
        } catch (RuntimeException e) {
            failed(e);
            later(RETRY, this::listen);
        }
    }

    private void retryLater() {
        try {
            executor.schedule(() -> {
                if (closed || connection != null) {
                    return;
                }
                connectAsync().whenComplete((made, e) -> {
                    if (made != null) {
                        adopt(made);
                    } else {
                        failed(e);
                        retryLater();
                    }
                });
            }, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void failed(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() != null && cause.getCause().getMessage() != null
                && cause.getMessage().contains(cause.getCause().getMessage())) {
            cause = cause.getCause();
        }
        lastError = cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /** Whether commands can be sent now. */
    public boolean isUp() {
        StatefulConnection<String, String> c = connection;
        return c != null && c.isOpen() && !closed;
    }

    /**
     * Sends one command and bounds it by {@code timeout}: the reply, or a failure ({@link RedisUnavailableException}
     * at once while Redis is away). Completes on a thread of the link's own.
     */
    <T> CompletableFuture<T> call(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command, Duration timeout) {
        RedisClusterAsyncCommands<String, String> c = commands;
        if (c == null || !isUp()) {
            metrics.fallbacks.increment();
            return CompletableFuture.failedFuture(new RedisUnavailableException("redis " + options.location() + " is unavailable: " + lastError));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletionStage<T> sent;
        try {
            sent = command.apply(c);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        ScheduledFuture<?> timer;
        try {
            timer = executor.schedule(() -> {
                if (result.completeExceptionally(new TimeoutException("redis " + options.location() + " did not answer within "
                        + timeout.toMillis() + " ms"))) {
                    metrics.timeouts.increment();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RedisUnavailableException("redis link is closed"));
        }
        sent.whenComplete((value, e) -> {
            timer.cancel(false);
            if (e != null) {
                metrics.errors.increment();
                failed(e);
            }
            try {
                executor.execute(() -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RejectedExecutionException closing) {
                result.completeExceptionally(new RedisUnavailableException("redis link is closed"));
            }
        });
        return result;
    }

    /** As {@link #call}, waiting for the reply. */
    <T> T await(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command, Duration timeout) {
        try {
            return call(command, timeout).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while waiting for redis " + options.location());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisUnavailableException u) {
                throw u;
            }
            throw new RedisUnavailableException("redis " + options.location() + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * Loads {@code script} into Redis's script cache and runs a round trip through the whole path
     * (connection, codec, reply thread) now, if Redis is up, so that a visitor's first request does
     * not pay for it (and time out). Failures are ignored: the first real command tries again.
     */
    void warm(String script) {
        if (!isUp()) {
            return;
        }
        try {
            await(c -> c.scriptLoad(script), ADMIN_TIMEOUT);
            for (int i = 0; i < 20; i++) {
                await(c -> c.get(key("warm-up")), ADMIN_TIMEOUT);
            }
        } catch (RedisUnavailableException e) {
            // the first real command tries again
        }
    }

    /** Runs {@code task} on the link's own threads every {@code period}, until closed. */
    void every(Duration period, Runnable task) {
        try {
            executor.scheduleWithFixedDelay(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    failed(e);
                }
            }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Schedules {@code task} on the link's own threads after {@code delay}; false if closed. */
    boolean later(Duration delay, Runnable task) {
        try {
            executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** UP while connected; SUSPENDED (nodes fall back to their own cache and store) while not. */
    public synchronized SourceHealth health() {
        SourceHealth now = isUp()
                ? SourceHealth.up("connected to redis " + options.location(), Instant.now())
                : new SourceHealth(health.state() == SourceHealth.State.STARTING && connection == null && !lastErrorKnown()
                        ? SourceHealth.State.STARTING : SourceHealth.State.SUSPENDED,
                        "redis " + options.location() + " unavailable, using this node's own cache and store: " + lastError, Instant.now());
        health = now.after(health);
        return health;
    }

    private boolean lastErrorKnown() {
        return !"not connected yet".equals(lastError);
    }

    /** One more user of this link: each user calls {@link #close()} once, and the last one closes it. */
    public synchronized RedisLink retain() {
        if (closed) {
            throw new IllegalStateException("the redis link is closed");
        }
        users++;
        return this;
    }

    /**
     * Closes the connection and the link's threads, once every user closed it; the client too
     * unless it was lent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed || --users > 0) {
                return;
            }
            closed = true;
        }
        closeUnlessClosed(connection);
        StatefulRedisPubSubConnection<String, String> ps;
        synchronized (this) {
            ps = pubSub;
        }
        closeUnlessClosed(ps);
        if (ownsClient) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        executor.shutdownNow();
        threads.join(Duration.ofSeconds(2));
    }

    /**
     * Closes {@code c} unless it is closed already: a lent client's owner (Spring Data's connection
     * factory, say) may have shut its client down, and the client's connections with it, first.
     */
    private static void closeUnlessClosed(StatefulConnection<?, ?> c) {
        if (c == null || c instanceof RedisChannelHandler<?, ?> h && h.isClosed()) {
            return;
        }
        c.close();
    }

    @Override
    public String toString() {
        return "RedisLink{" + options.location() + (options.cluster() ? " (cluster)" : "") + ", " + (isUp() ? "up" : "down") + "}";
    }
}
