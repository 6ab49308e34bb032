package io.tocsin.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.Checker;
import io.tocsin.core.Listener;
import io.tocsin.core.Outcome;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.testing.Poll;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A checker configured from flat keys, as a user would, with a recording listener and the checks
 * every fault test makes: a budgeted check returns within its budget (plus slack for a busy shared
 * machine, far below any timeout used), never throws, and never lists anyone.
 */
public final class FaultChecker implements AutoCloseable {

    public static final Duration BUDGET = Duration.ofMillis(100);
    public static final Duration SLACK = Duration.ofMillis(700);

    public final Checker checker;
    public final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    public final List<String> failures = new CopyOnWriteArrayList<>();
    public final List<IpAddress> budgetExceeded = new CopyOnWriteArrayList<>();
    public final List<SourceHealth> healthEvents = new CopyOnWriteArrayList<>();

    public FaultChecker(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("tocsin.cache.error-ttl", "50ms"); // recovery shows at once, not after 30s
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        Settings settings = Settings.of(map);
        Checker.Builder builder = CheckerSettings.builder(settings);
        settings.rejectUnknown();
        checker = builder.listener(new Listener() {
            @Override
            public void sourceQueried(String source, IpAddress ip, SourceResult result, long nanos) {
                outcomes.add(result.outcome());
                if (result instanceof SourceResult.Failed f) {
                    failures.add(f.kind() + ": " + f.message());
                }
            }

            @Override
            public void budgetExceeded(IpAddress ip) {
                budgetExceeded.add(ip);
            }

            @Override
            public void healthChanged(String source, SourceHealth health) {
                healthEvents.add(health);
            }
        }).build();
        checker.ready().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** A budgeted check that must come back in time and must not list. */
    public Verdict boundedFailOpen(String ip) {
        long start = System.nanoTime();
        Verdict verdict = checker.check(IpAddress.parse(ip), BUDGET);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).as("time a %s budget waited", BUDGET).isLessThan(BUDGET.plus(SLACK));
        assertThat(verdict.listed()).as("a fault must never make a listing: %s", verdict).isFalse();
        assertThat(verdict.shouldNotify()).as("a fault must never make a notice").isFalse();
        return verdict;
    }

    /** The full verdict, waiting as long as the sources take. */
    public Verdict fullCheck(String ip) {
        return checker.check(IpAddress.parse(ip)).orTimeout(30, TimeUnit.SECONDS).join();
    }

    public SourceHealth health(String source) {
        return checker.health().get(source);
    }

    public static void await(String what, BooleanSupplier condition) {
        Poll.until(what, Duration.ofSeconds(20), condition);
    }

    @Override
    public void close() {
        checker.close();
    }
}
