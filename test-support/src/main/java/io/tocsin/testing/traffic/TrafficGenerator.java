package io.tocsin.testing.traffic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded traffic between {@code start} and {@code end} (epoch milliseconds). Each method adds the
 * hits of one kind of client; {@link #hits()} returns them in time order.
 *
 * <p>The models: an <em>infected</em> machine sleeps its period plus a uniform jitter of ±j of it
 * between contacts, misses some beats (asleep, answer cached) and sometimes sends the A and AAAA
 * query or a retry a moment apart. A <em>person</em> visits a few times at random moments, each
 * visit a burst of queries within two seconds. A <em>heavy user</em> reads personal pages in
 * sessions: page views with heavy-tailed think times (log-normal, median 30 s, σ = 1.2) — people's
 * dwell times are — each view a burst of requests, sessions of 10 to 150 views with hours between.
 */
public final class TrafficGenerator {

    private final Random random;
    private final long start;
    private final long end;
    private final List<Hit> hits = new ArrayList<>();

    public TrafficGenerator(long seed, long start, long end) {
        this.random = new Random(seed);
        this.start = start;
        this.end = end;
    }

    /** A machine beaconing to {@code host} every {@code periodMillis} ± {@code jitter} (0–1) of it, missing {@code missed} (0–1) of the beats. */
    public TrafficGenerator infected(String client, String host, long periodMillis, double jitter, double missed) {
        long t = start + (long) (random.nextDouble() * periodMillis);
        while (t < end) {
            if (random.nextDouble() >= missed) {
                hits.add(new Hit(t, client, host));
                if (random.nextDouble() < 0.3) {
                    hits.add(new Hit(t + random.nextInt(800), client, host)); // AAAA after A, or a retry
                }
            }
            t += (long) (periodMillis * (1 + jitter * (2 * random.nextDouble() - 1)));
        }
        return this;
    }

    /** A person who looks at {@code host} {@code visits} times at random moments. */
    public TrafficGenerator person(String client, String host, int visits) {
        for (int v = 0; v < visits; v++) {
            pageView(client, host, start + (long) (random.nextDouble() * (end - start)));
        }
        return this;
    }

    /** A heavy user of the pages on {@code host}: sessions of page views with heavy-tailed think times. */
    public TrafficGenerator heavyUser(String client, String host) {
        long t = start + (long) (random.nextDouble() * 3_600_000);
        while (t < end) {
            int views = 10 + random.nextInt(141);
            for (int v = 0; v < views && t < end; v++) {
                pageView(client, host, t);
                double think = 30_000 * Math.exp(1.2 * random.nextGaussian());
                t += (long) Math.min(think, 1_800_000);
            }
            t += (long) (3_600_000 * (0.5 + 3 * random.nextDouble())); // away between sessions
        }
        return this;
    }

    /**
     * A program that polls {@code host} every {@code periodMillis} ± jitter: NTP, an update checker,
     * monitoring — regular, but not to a beacon.
     */
    public TrafficGenerator poller(String client, String host, long periodMillis, double jitter) {
        return infected(client, host, periodMillis, jitter, 0);
    }

    /** {@code queries} lookups of random names under {@code hosts} by {@code client}, at random moments. */
    public TrafficGenerator background(String client, List<String> hosts, int queries) {
        for (int q = 0; q < queries; q++) {
            String host = hosts.get(random.nextInt(hosts.size()));
            hits.add(new Hit(start + (long) (random.nextDouble() * (end - start)), client, host));
        }
        return this;
    }

    private void pageView(String client, String host, long t) {
        int requests = 1 + random.nextInt(6);
        for (int r = 0; r < requests; r++) {
            long at = t + random.nextInt(2000);
            if (at < end) {
                hits.add(new Hit(at, client, host));
            }
        }
    }

    /** The hits so far, in time order. */
    public List<Hit> hits() {
        List<Hit> sorted = new ArrayList<>(hits);
        Collections.sort(sorted);
        return sorted;
    }
}
