package io.tocsin.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import io.tocsin.servlet.Mode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TocsinMetricsTest {

    private final TocsinMetrics metrics = new TocsinMetrics();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Checker checker = Checker.builder()
            .source(new ListSource("local", IpSet.parse("192.0.2.66"), Category.INFECTED))
            .listener(metrics)
            .cacheStats(metrics.cacheStats())
            .build();

    @AfterEach
    void close() {
        checker.close();
    }

    @Test
    void countsLookupsBySourceAndOutcome() {
        metrics.bindTo(registry);
        checker.check("192.0.2.66", Duration.ofSeconds(5));
        checker.check("192.0.2.1", Duration.ofSeconds(5));
        checker.check("192.0.2.2", Duration.ofSeconds(5));
        metrics.sourceQueried("zen", IpAddress.parse("192.0.2.3"), SourceResult.failed(SourceResult.Failure.TIMEOUT, "slow"), 1_000_000);
        metrics.sourceQueried("zen", IpAddress.parse("192.0.2.3"), SourceResult.failed(SourceResult.Failure.SUSPENDED, "down"), 1_000);

        assertThat(lookups("local", "listed")).as("listed lookups").isEqualTo(1.0);
        assertThat(lookups("local", "clean")).as("clean lookups").isEqualTo(2.0);
        assertThat(lookups("local", "error")).as("no errors from the list").isZero();
        assertThat(lookups("zen", "timeout")).as("timeouts").isEqualTo(1.0);
        assertThat(lookups("zen", "error")).as("a suspended source's answer is an error").isEqualTo(1.0);
        assertThat(registry.get(TocsinMeters.LOOKUP_DURATION).tag("source", "local").timer().count())
                .as("timed lookups of the list").isEqualTo(3);
        assertThat(registry.get(TocsinMeters.LOOKUP_DURATION).tag("source", "zen").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .as("recorded durations").isEqualTo(1_001_000.0);
    }

    @Test
    void cachedVerdictsAreNotLookups() {
        metrics.bindTo(registry);
        checker.check("192.0.2.66", Duration.ofSeconds(5));
        checker.check("192.0.2.66", Duration.ofSeconds(5));
        assertThat(lookups("local", "listed")).as("second check served from the cache").isEqualTo(1.0);
    }

    @Test
    void metersMadeBeforeBindingCountOnceBound() {
        // the checker may report before Spring binds meter binders
        checker.check("192.0.2.66", Duration.ofSeconds(5));
        metrics.noticeShown(Mode.BANNER);
        metrics.bindTo(registry);
        assertThat(registry.find(TocsinMeters.LOOKUPS).tag("source", "local").tag("outcome", "listed").counter())
                .as("meter made before binding").isNotNull();
        checker.check("198.51.100.1", Duration.ofSeconds(5));
        metrics.noticeShown(Mode.BANNER);
        assertThat(lookups("local", "clean")).as("lookup after binding").isEqualTo(1.0);
        assertThat(registry.get(TocsinMeters.NOTICES).tag("mode", "banner").counter().count())
                .as("notice after binding, on a meter made before").isEqualTo(1.0);
    }

    @Test
    void bindsToEveryRegistry() {
        MeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.bindTo(second);
        checker.check("192.0.2.66", Duration.ofSeconds(5));
        assertThat(lookups("local", "listed")).as("first registry").isEqualTo(1.0);
        assertThat(second.get(TocsinMeters.LOOKUPS).tag("outcome", "listed").counter().count()).as("second registry").isEqualTo(1.0);
    }

    @Test
    void countsNoticesByMode() {
        metrics.bindTo(registry);
        metrics.noticeShown(Mode.BANNER);
        metrics.noticeShown(Mode.BANNER);
        metrics.noticeShown(Mode.BLOCK);
        assertThat(registry.get(TocsinMeters.NOTICES).tag("mode", "banner").counter().count()).as("banners").isEqualTo(2.0);
        assertThat(registry.get(TocsinMeters.NOTICES).tag("mode", "block").counter().count()).as("blocks").isEqualTo(1.0);
    }

    @Test
    void countsWhatVisitorsDoPerModeActionAndLanguage() {
        metrics.bindTo(registry);
        metrics.visitorActed(Mode.BANNER, io.tocsin.servlet.VisitorAction.SHOWN, java.util.Locale.GERMAN);
        metrics.visitorActed(Mode.BANNER, io.tocsin.servlet.VisitorAction.SHOWN, java.util.Locale.GERMAN);
        metrics.visitorActed(Mode.BANNER, io.tocsin.servlet.VisitorAction.DISMISSED, java.util.Locale.GERMAN);
        metrics.visitorActed(Mode.INTERSTITIAL, io.tocsin.servlet.VisitorAction.CONTINUED, java.util.Locale.forLanguageTag("ar"));
        assertThat(registry.get(TocsinMeters.VISITOR_ACTIONS).tag("mode", "banner").tag("action", "shown").tag("language", "de")
                .counter().count()).as("shown in German").isEqualTo(2.0);
        assertThat(registry.get(TocsinMeters.VISITOR_ACTIONS).tag("action", "dismissed").counter().count()).as("dismissed").isEqualTo(1.0);
        assertThat(registry.get(TocsinMeters.VISITOR_ACTIONS).tag("mode", "interstitial").tag("action", "continued")
                .tag("language", "ar").counter().count()).as("continued in Arabic").isEqualTo(1.0);
    }

    @Test
    void countsExceededBudgets() {
        metrics.bindTo(registry);
        metrics.budgetExceeded(IpAddress.parse("192.0.2.9"));
        assertThat(registry.get(TocsinMeters.BUDGET_EXCEEDED).counter().count()).isEqualTo(1.0);
    }

    @Test
    void recordsVerdictCacheStatistics() {
        metrics.bindTo(registry);
        checker.check("192.0.2.66", Duration.ofSeconds(5));
        checker.check("192.0.2.66", Duration.ofSeconds(5));
        assertThat(registry.get("cache.gets").tag("cache", TocsinMeters.VERDICT_CACHE).tag("result", "hit").counter().count())
                .as("cache hits").isEqualTo(1.0);
        assertThat(registry.get("cache.gets").tag("cache", TocsinMeters.VERDICT_CACHE).tag("result", "miss").counter().count())
                .as("cache misses").isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void gaugesCacheSizeAndSourceHealth() {
        new CheckerGauges(checker).bindTo(registry);
        checker.check("192.0.2.66", Duration.ofSeconds(5));
        checker.check("192.0.2.1", Duration.ofSeconds(5));
        assertThat(registry.get("cache.size").tag("cache", TocsinMeters.VERDICT_CACHE).gauge().value())
                .as("cached verdicts").isEqualTo(2.0);
        assertThat(registry.get(TocsinMeters.SOURCE_UP).tag("source", "local").gauge().value())
                .as("the list is up").isEqualTo(1.0);
    }

    private double lookups(String source, String outcome) {
        var counter = registry.find(TocsinMeters.LOOKUPS).tag("source", source).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
