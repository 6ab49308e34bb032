package io.tocsin.core.http;

import io.tocsin.core.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * The keys every HTTP source shares: {@code timeout}, {@code connect-timeout}, {@code max-in-flight}
 * and {@code max-response-size}.
 *
 * @param connectTimeout longest wait for a connection
 * @param timeout longest wait for each read, and (plus the connect timeout) for the whole exchange
 * @param maxInFlight requests allowed at once; more are answered with an OVERLOADED error at once
 * @param maxResponseSize largest body read; a bigger one is an error
 */
public record HttpOptions(Duration connectTimeout, Duration timeout, int maxInFlight, long maxResponseSize) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final long DEFAULT_MAX_RESPONSE_SIZE = 1L << 20;

    public HttpOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        if (maxResponseSize < 1) {
            throw new IllegalArgumentException("maxResponseSize must be at least 1");
        }
    }

    public static HttpOptions defaults() {
        return new HttpOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_RESPONSE_SIZE);
    }

    /** Reads the shared keys of one source, {@code defaultMaxResponseSize} applying when unset. */
    public static HttpOptions from(Settings s, long defaultMaxResponseSize) {
        Duration connect = s.positiveDuration("connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        Duration timeout = s.positiveDuration("timeout", DEFAULT_TIMEOUT);
        int inFlight = (int) s.number("max-in-flight", DEFAULT_MAX_IN_FLIGHT, 1, 100_000);
        String size = s.string("max-response-size");
        long maxSize = size == null ? defaultMaxResponseSize : ByteSizes.parse(s.key("max-response-size"), size);
        return new HttpOptions(connect, timeout, inFlight, maxSize);
    }

    public HttpOptions withMaxResponseSize(long bytes) {
        return new HttpOptions(connectTimeout, timeout, maxInFlight, bytes);
    }
}
