package io.tocsin.redis;

import io.lettuce.core.ScriptOutputType;
import io.tocsin.core.SharedRateLimits;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Farm-wide {@code max-rate}: one token bucket per source in Redis ({@code rate:{SOURCE}}, a hash of
 * tokens and the time of the last refill), taken from atomically by a script on Redis's own clock,
 * so that nodes with skewed clocks share it fairly. The key expires once the bucket would be full
 * again. Redis away or slow: {@code null}, and the node applies its own bucket.
 */
public final class RedisRateLimits implements SharedRateLimits {

    private static final String TAKE = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(b[1]) or burst
            local at = tonumber(b[2]) or now
            tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
            local granted = 0
            if tokens >= 1 then
              tokens = tokens - 1
              granted = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
            return granted
            """;

    private final RedisLink link;

    /** Buckets over {@code link}; {@link #close()} releases this user of the link. */
    public RedisRateLimits(RedisLink link) {
        this.link = Objects.requireNonNull(link, "link");
        link.warm(TAKE);
    }

    @Override
    public CompletionStage<Boolean> tryAcquire(String source, double maxRate, double burst) {
        String[] keys = {link.key("rate:{" + source + "}")};
        return link.<Long>call(c -> c.eval(TAKE, ScriptOutputType.INTEGER, keys, Double.toString(maxRate), Double.toString(burst)),
                        link.options().timeout())
                .handle((granted, e) -> e != null || granted == null ? null : granted == 1L);
    }

    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "redis buckets at " + link.options().location();
    }
}
