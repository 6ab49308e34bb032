package io.tocsin.publisher.dns;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Limits UDP responses per client network, against amplification: UDP source addresses can be
 * forged, so a flood of small queries "from" a victim must not turn into a flood of answers to it.
 * Counted per IPv4 /24 and IPv6 /56 (one customer's network, as BIND's response rate limiting does).
 *
 * <p>A token bucket per network: {@code perSecond} tokens a second, at most one second's worth
 * saved up. A response over the limit is dropped, except every {@code slip}-th, which is sent as an
 * empty truncated answer: no larger than the query, and a real client (whose address was not forged)
 * retries over TCP, which is never limited here because its address cannot be forged.
 */
final class ClientRateLimiter {

    /** What to do with one response. */
    enum Admission { SEND, SLIP, DROP }

    private final double perSecond;
    private final int slip;
    private final LongSupplier nanoTime;
    private final Cache<Long, Bucket> buckets;

    ClientRateLimiter(int perSecond, int slip, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.slip = slip;
        this.nanoTime = nanoTime;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterAccess(Duration.ofMinutes(1))
                .executor(Runnable::run) // no pool threads: maintenance runs on the calling network thread
                .build();
    }

    /** Whether a response to {@code client} may be sent now; counts it. */
    Admission admit(IpAddress client) {
        if (perSecond <= 0) {
            return Admission.SEND;
        }
        long key = client.isIpv4() ? (1L << 60) | ((client.ipv4Bits() & 0xFFFFFFFFL) >>> 8) : client.highBits() >>> 8;
        Bucket bucket = buckets.get(key, k -> new Bucket(perSecond, nanoTime.getAsLong()));
        return bucket.take(perSecond, slip, nanoTime.getAsLong());
    }

    private static final class Bucket {
        private double tokens;
        private long last;
        private long overLimit;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized Admission take(double perSecond, int slip, long now) {
            tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Admission.SEND;
            }
            overLimit++;
            return slip > 0 && overLimit % slip == 0 ? Admission.SLIP : Admission.DROP;
        }
    }
}
