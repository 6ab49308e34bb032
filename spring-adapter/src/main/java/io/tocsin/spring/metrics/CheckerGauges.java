package io.tocsin.spring.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tocsin.core.Checker;
import io.tocsin.core.SourceHealth;

/**
 * Gauges read from a {@link Checker}: the verdict cache's size, and whether each source is up —
 * the meter to alert on when a list has been suspended by its health check, since the health
 * indicator stays UP (see {@code TocsinHealthIndicator}).
 */
public final class CheckerGauges implements MeterBinder {

    private final Checker checker;

    public CheckerGauges(Checker checker) {
        this.checker = checker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("cache.size", checker, Checker::estimatedCacheSize)
                .description("The approximate number of verdicts in the cache")
                .tag("cache", TocsinMeters.VERDICT_CACHE)
                .strongReference(true)
                .register(registry);
        for (String source : checker.health().keySet()) {
            Gauge.builder(TocsinMeters.SOURCE_UP, checker, c -> isUp(c, source))
                    .description("1 while the source's answers are used, 0 while it is starting or suspended")
                    .tag(TocsinMeters.SOURCE, source)
                    .strongReference(true)
                    .register(registry);
        }
    }

    private static double isUp(Checker checker, String source) {
        SourceHealth health = checker.health().get(source);
        return health != null && health.isUp() ? 1 : 0;
    }
}
