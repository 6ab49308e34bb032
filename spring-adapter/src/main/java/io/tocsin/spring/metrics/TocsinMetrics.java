package io.tocsin.spring.metrics;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineStatsCounter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.tocsin.core.Listener;
import io.tocsin.core.Outcome;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.servlet.Mode;
import io.tocsin.servlet.NoticeListener;
import io.tocsin.servlet.VisitorAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Records Tocsin's events as Micrometer meters (names in {@link TocsinMeters}): a {@link Listener}
 * for the checker, a {@link NoticeListener} for the filter, and the source of the verdict cache's
 * {@link CaffeineStatsCounter}.
 *
 * <p>The checker is built, and may start reporting, before Spring binds meter binders to the
 * application's registry (which happens once all singletons exist, before the web server takes
 * requests). So meters are made on an internal composite registry from the start, and
 * {@link #bindTo(MeterRegistry)} adds the application's registry to it: meters made earlier appear
 * in the registry as soon as it is added and count from then on; events before any binding are not
 * counted.
 */
public final class TocsinMetrics implements Listener, NoticeListener, MeterBinder {

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final Map<String, Counter[]> lookups = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<Mode, Counter> notices = new ConcurrentHashMap<>();
    private final Map<String, Counter> actions = new ConcurrentHashMap<>();
    private final Counter budgetExceeded;
    private final Map<Verdict.Decision, Counter> decisions = new ConcurrentHashMap<>();
    private final Counter[] earlyAnswers = new Counter[2];

    public TocsinMetrics() {
        this.budgetExceeded = Counter.builder(TocsinMeters.BUDGET_EXCEEDED)
                .description("Requests whose lookup budget ran out; they went on with an unknown verdict")
                .register(registry);
        for (int notify = 0; notify < 2; notify++) {
            earlyAnswers[notify] = Counter.builder(TocsinMeters.EARLY_ANSWERS)
                    .description("Lookups that answered before slow sources that could not change the outcome")
                    .tag(TocsinMeters.NOTIFY, Boolean.toString(notify == 1))
                    .register(registry);
        }
    }

    @Override
    public void bindTo(MeterRegistry target) {
        registry.add(target);
    }

    /** For {@code Checker.Builder#cacheStats}: records the verdict cache's statistics. */
    public Supplier<StatsCounter> cacheStats() {
        return () -> new CaffeineStatsCounter(registry, TocsinMeters.VERDICT_CACHE);
    }

    /** The registry that meters are made on; it forwards to every registry bound so far. */
    MeterRegistry registry() {
        return registry;
    }

    @Override
    public void sourceQueried(String source, IpAddress ip, SourceResult result, long nanos) {
        Outcome outcome = result.outcome();
        lookups.computeIfAbsent(source, this::lookupCounters)[outcome.ordinal()].increment();
        durations.computeIfAbsent(source, this::durationTimer).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void verdictComputed(Verdict verdict, long nanos) {
        decisions.computeIfAbsent(verdict.decision(), this::decisionCounter).increment();
    }

    @Override
    public void verdictAnsweredEarly(Verdict verdict, long nanos) {
        earlyAnswers[verdict.shouldNotify() ? 1 : 0].increment();
    }

    @Override
    public void budgetExceeded(IpAddress ip) {
        budgetExceeded.increment();
    }

    @Override
    public void noticeShown(Mode mode) {
        notices.computeIfAbsent(mode, this::noticeCounter).increment();
    }

    @Override
    public void visitorActed(Mode mode, VisitorAction action, java.util.Locale language) {
        String tag = language.toLanguageTag();
        actions.computeIfAbsent(mode.id() + ' ' + action.id() + ' ' + tag, k -> Counter.builder(TocsinMeters.VISITOR_ACTIONS)
                .description("What listed visitors did with a notice: shown, details opened, dismissed, continued")
                .tag(TocsinMeters.MODE, mode.id())
                .tag(TocsinMeters.ACTION, action.id())
                .tag(TocsinMeters.LANGUAGE, tag)
                .register(registry)).increment();
    }

    private Counter[] lookupCounters(String source) {
        Outcome[] outcomes = Outcome.values();
        Counter[] counters = new Counter[outcomes.length];
        for (Outcome outcome : outcomes) {
            counters[outcome.ordinal()] = Counter.builder(TocsinMeters.LOOKUPS)
                    .description("Answers of one source for one address")
                    .tag(TocsinMeters.SOURCE, source)
                    .tag(TocsinMeters.OUTCOME, outcome.id())
                    .register(registry);
        }
        return counters;
    }

    private Timer durationTimer(String source) {
        return Timer.builder(TocsinMeters.LOOKUP_DURATION)
                .description("Time one source took to answer for one address")
                .tag(TocsinMeters.SOURCE, source)
                .register(registry);
    }

    private Counter decisionCounter(Verdict.Decision decision) {
        return Counter.builder(TocsinMeters.DECISIONS)
                .description("Lookups by how their verdict came out; vetoed: an allowlist prevented a notice")
                .tag(TocsinMeters.DECISION, decision.id())
                .register(registry);
    }

    private Counter noticeCounter(Mode mode) {
        return Counter.builder(TocsinMeters.NOTICES)
                .description("Responses that showed a visitor a notice")
                .tag(TocsinMeters.MODE, mode.id())
                .register(registry);
    }
}
