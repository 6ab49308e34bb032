package io.tocsin.collector.traffic;

import java.util.Arrays;

/**
 * How regular a client's hits on one beacon are: a score from 0 (as irregular as a person) to 1 (a
 * clock).
 *
 * <p>The score is {@code 1 - mean(|d - median|) / median} over the intervals {@code d} between
 * consecutive hits, clamped to [0, 1]: the median interval is the client's period, the mean
 * absolute deviation from it is how much that period wanders, relative to the period. Like RITA's
 * beacon analysis it measures the dispersion of the intervals around their median, and it uses the
 * median as the period so that one long pause does not shift it.
 *
 * <p>Why the <em>mean</em> deviation and not the more robust median deviation (MAD): the detector
 * scores every window of a client's traffic, and people's think times between page views are
 * heavy-tailed; in a few windows among many, half of a person's intervals happen to lie close
 * together, which the MAD alone takes for a rhythm, while the other half — seconds and quarters of an
 * hour — are still far out. The mean deviation sees them. In the generated traffic of the quality
 * test, MAD flagged about 3 % of heavy users; this score none (docs/TRAFFIC.md).
 *
 * <p>What scores what: a program that sleeps its period plus a uniform jitter of ±j scores about
 * {@code 1 - j/2} (60 s ± 10 %: 0.95, ± 30 %: 0.85, ± 50 %: 0.75). Each missed beat (a machine
 * asleep, an answer cached) is one interval a period too long and costs about {@code 1/n} of the
 * score, so a beacon with ±10 % jitter stays above 0.8 while it misses up to about one beat in six.
 * People's think times (log-normal, σ ≈ 1) score about 0.2–0.5.
 *
 * <p>Fewer than two intervals score 0: two hits are no rhythm.
 */
public final class Regularity {

    private Regularity() {
    }

    /**
     * The score of the ascending hit times {@code times[0, n)}; {@code scratch} holds at least
     * {@code n} values and is overwritten.
     */
    public static double of(long[] times, int n, long[] scratch) {
        if (n < 3) {
            return 0;
        }
        int m = n - 1;
        for (int i = 0; i < m; i++) {
            scratch[i] = times[i + 1] - times[i];
        }
        Arrays.sort(scratch, 0, m);
        double median = (m & 1) == 1 ? scratch[m / 2] : (scratch[m / 2 - 1] + scratch[m / 2]) / 2.0;
        if (median <= 0) {
            return 0;
        }
        double deviation = 0;
        for (int i = 0; i < m; i++) {
            deviation += Math.abs(scratch[i] - median);
        }
        return Math.max(0, Math.min(1, 1 - deviation / m / median));
    }
}
