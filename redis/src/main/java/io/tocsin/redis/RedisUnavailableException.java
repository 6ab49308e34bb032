package io.tocsin.redis;

/** Redis could not be asked (away, too slow, closed): callers fall back to what the node has. */
public final class RedisUnavailableException extends RuntimeException {

    RedisUnavailableException(String message) {
        super(message);
    }

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
