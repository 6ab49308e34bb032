package io.tocsin.redis;

import io.lettuce.core.RedisURI;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Redis and what to keep there, from {@code tocsin.redis.*}:
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code tocsin.redis.url}</td><td>unset: no Redis</td><td>{@code redis://[user:password@]host:port[/db]},
 *       {@code rediss://…} for TLS, {@code redis-sentinel://host:port[,host:port]/db#master}, as Lettuce's
 *       {@code RedisURI} reads them; for a cluster, one of its nodes</td></tr>
 *   <tr><td>{@code tocsin.redis.cluster}</td><td>{@code false}</td><td>whether {@code url} names a node of a Redis Cluster</td></tr>
 *   <tr><td>{@code tocsin.redis.key-prefix}</td><td>{@code tocsin:}</td><td>prepended to every key; one per farm</td></tr>
 *   <tr><td>{@code tocsin.redis.timeout}</td><td>{@code 50ms}</td><td>the longest a request waits on one Redis command</td></tr>
 *   <tr><td>{@code tocsin.redis.lease}</td><td>{@code 1s}</td><td>how long a node that looks an address up keeps the others waiting for its verdict</td></tr>
 *   <tr><td>{@code tocsin.redis.replay-buffer}</td><td>{@code 10000}</td><td>reports kept while Redis is away, replayed when it is back</td></tr>
 * </table>
 *
 * @param uri where Redis is; {@code null} for the own address of a client the application lends
 *     ({@link RedisLink#lent})
 * @param cluster whether it is a Redis Cluster
 * @param keyPrefix the prefix of every key
 * @param timeout the longest a request waits on one command
 * @param lease how long a lookup's lease lasts
 * @param replayBuffer how many reports are kept for replay at most
 */
public record RedisOptions(RedisURI uri, boolean cluster, String keyPrefix, Duration timeout, Duration lease, int replayBuffer) {

    /** The scope of the keys, under {@code tocsin.}. */
    public static final String SCOPE = "redis.";
    /** The default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "tocsin:";
    /** The default command timeout on the request path: well under the default lookup budget. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    /** The default lease of a lookup. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(1);
    /** The default size of the replay buffer. */
    public static final int DEFAULT_REPLAY_BUFFER = 10_000;

    public RedisOptions {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(lease, "lease");
        if (replayBuffer < 0) {
            throw new IllegalArgumentException("replayBuffer must not be negative: " + replayBuffer);
        }
    }

    /** Whether {@code settings} configure Redis at all ({@code tocsin.redis.url} is set). */
    public static boolean configured(Settings settings) {
        return settings.scope(SCOPE).string("url") != null;
    }

    /**
     * The options of {@code tocsin.redis.*}, or those of {@code url} with the other keys from
     * {@code settings} when {@code url} is given (e.g. {@code tocsin.store=redis://…}).
     *
     * @param settings all of the configuration
     * @param url the address of Redis, or {@code null} for {@code tocsin.redis.url}
     * @param urlKey the key {@code url} came from, for errors
     * @throws ConfigException naming the key and value at fault
     */
    public static RedisOptions from(Settings settings, String url, String urlKey) {
        Settings redis = settings.scope(SCOPE);
        String text = url != null ? url : redis.required("url");
        String key = url != null ? urlKey : redis.key("url");
        return from(settings, parse(key, text));
    }

    /**
     * The options of {@code tocsin.redis.*} but the url, for a client the application lends with an
     * address of its own ({@link RedisLink#lent}).
     *
     * @throws ConfigException naming the key and value at fault
     */
    public static RedisOptions forLentClient(Settings settings) {
        return from(settings, (RedisURI) null);
    }

    private static RedisOptions from(Settings settings, RedisURI uri) {
        Settings redis = settings.scope(SCOPE);
        boolean cluster = redis.bool("cluster", false);
        String prefix = redis.string("key-prefix", DEFAULT_KEY_PREFIX);
        if (prefix.length() > 100 || prefix.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new ConfigException(redis.key("key-prefix"), prefix, "must be at most 100 characters, without spaces or control characters");
        }
        Duration timeout = redis.positiveDuration("timeout", DEFAULT_TIMEOUT);
        if (timeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new ConfigException(redis.key("timeout"), redis.string("timeout"), "is longer than any request should wait (at most 10s)");
        }
        Duration lease = redis.positiveDuration("lease", DEFAULT_LEASE);
        int buffer = (int) redis.number("replay-buffer", DEFAULT_REPLAY_BUFFER, 0, 10_000_000);
        return new RedisOptions(uri, cluster, prefix, timeout, lease, buffer);
    }

    /** Options for {@code uri} with every other setting at its default; for tests and code. */
    public static RedisOptions of(String uri) {
        return new RedisOptions(parse("url", uri), false, DEFAULT_KEY_PREFIX, DEFAULT_TIMEOUT, DEFAULT_LEASE, DEFAULT_REPLAY_BUFFER);
    }

    private static RedisURI parse(String key, String text) {
        RedisURI uri;
        try {
            uri = RedisURI.create(text.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(key, masked(text), "is not a Redis URI (redis://[user:password@]host:port[/db], rediss://…, "
                    + "redis-sentinel://…): " + e.getMessage());
        }
        return uri;
    }

    /** The URI with its password hidden, for messages and {@code toString}. */
    static String masked(String text) {
        return text.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@");
    }

    /** Where Redis is, without the password. */
    public String location() {
        return uri == null ? "(the application's client)" : masked(uri.toString());
    }

    @Override
    public String toString() {
        return "RedisOptions{" + location() + (cluster ? " (cluster)" : "") + ", prefix=" + keyPrefix + ", timeout=" + timeout
                + ", lease=" + lease + ", replay-buffer=" + replayBuffer + "}";
    }
}
