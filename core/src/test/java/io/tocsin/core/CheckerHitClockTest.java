package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/**
 * With the system ticker, IPv4 cache hits read a clock the checker's scheduler sets every
 * {@link Checker#HIT_CLOCK_TICK}: verdicts still expire (at most a tick late), a verdict just kept is
 * a hit at once, and the clock's task ends with the checker, also on a lent scheduler.
 */
class CheckerHitClockTest {

    private static final IpAddress VISITOR = IpAddress.parse("198.51.100.7");

    @Test
    void verdictsExpireOnTheSystemTickerAndAreHitsUntilThen() {
        CheckerFloodTest.CountingSource source = new CheckerFloodTest.CountingSource();
        try (Checker checker = Checker.builder().source(source).cleanTtl(Duration.ofMillis(200)).build()) {
            checker.check(VISITOR).join();
            assertThat(source.queries).hasValue(1);
            assertThat(checker.cached(VISITOR)).as("a hit right after the verdict was kept").isNotNull();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (checker.cached(VISITOR) != null) { // polled: expires after 200 ms, at most a tick later
                assertThat(System.nanoTime() - deadline).as("still cached after 10 s").isNegative();
                Thread.onSpinWait();
            }
            assertThat(source.queries).as("hits asked no source").hasValue(1);
            checker.check(VISITOR).join();
            assertThat(source.queries).as("expired: looked up again").hasValue(2);
        }
    }

    @Test
    void theClockTaskEndsWithTheCheckerOnALentScheduler() throws Exception {
        ScheduledThreadPoolExecutor lent = new ScheduledThreadPoolExecutor(1);
        try {
            lent.setRemoveOnCancelPolicy(true);
            Checker checker = Checker.builder().source(new CheckerFloodTest.CountingSource()).scheduler(lent).build();
            assertThat(lent.getQueue()).as("the clock's periodic task").isNotEmpty();
            checker.close();
            assertThat(lent.getQueue()).as("nothing of the checker's left on the lender's scheduler").isEmpty();
            assertThat(lent.isShutdown()).isFalse();
        } finally {
            lent.shutdownNow();
        }
    }

    @Test
    void aCheckerThatKeepsNoVerdictsSetsNoClock() {
        ScheduledThreadPoolExecutor lent = new ScheduledThreadPoolExecutor(1);
        try (Checker checker = Checker.builder().source(new CheckerFloodTest.CountingSource()).cacheMaximumSize(0).scheduler(lent).build()) {
            assertThat(checker.check(VISITOR).join().decision()).isEqualTo(Verdict.Decision.CLEAN);
            assertThat(lent.getQueue()).as("no periodic task for a table that does not exist").isEmpty();
        } finally {
            lent.shutdownNow();
        }
    }
}
