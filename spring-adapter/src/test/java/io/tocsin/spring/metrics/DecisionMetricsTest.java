package io.tocsin.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Decisions and early answers as meters: how often an allowlist vetoed a notice. */
class DecisionMetricsTest {

    /** A list that answers "not listed" only when told to. */
    private static final class HeldSource implements Source {
        final CompletableFuture<SourceResult> answer = new CompletableFuture<>();

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public CompletionStage<SourceResult> query(IpAddress ip) {
            return answer;
        }
    }

    private final TocsinMetrics metrics = new TocsinMetrics();
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double decisions(String decision) {
        var counter = registry.find(TocsinMeters.DECISIONS).tag(TocsinMeters.DECISION, decision).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void countsDecisionsAndVetoes() {
        metrics.bindTo(registry);
        try (Checker checker = Checker.builder()
                .source(new ListSource("xbl", IpSet.parse("192.0.2.0/24, 10.1.2.3"), Category.INFECTED))
                .source(new ListSource("campus", IpSet.parse("10.0.0.0/8"), Category.OTHER)).weight("campus", -100)
                .listener(metrics).build()) {
            checker.check("192.0.2.66", Duration.ofSeconds(5));
            checker.check("10.1.2.3", Duration.ofSeconds(5));
            checker.check("10.1.2.4", Duration.ofSeconds(5));
            checker.check("198.51.100.1", Duration.ofSeconds(5));
        }
        assertThat(decisions("notify")).isEqualTo(1.0);
        assertThat(decisions("vetoed")).as("the campus allowlist prevented one notice").isEqualTo(1.0);
        assertThat(decisions("clean")).as("allowlisted only, and listed nowhere").isEqualTo(2.0);
    }

    @Test
    void countsEarlyAnswers() {
        metrics.bindTo(registry);
        HeldSource slow = new HeldSource();
        try (Checker checker = Checker.builder()
                .source(new ListSource("xbl", IpSet.parse("192.0.2.66"), Category.INFECTED))
                .source(slow).listener(metrics).build()) {
            assertThat(checker.check("192.0.2.66", Duration.ofSeconds(5)).pending()).containsExactly("slow");
            assertThat(registry.get(TocsinMeters.EARLY_ANSWERS).tag(TocsinMeters.NOTIFY, "true").counter().count()).isEqualTo(1.0);
            assertThat(decisions("notify")).as("the decision is counted once the lookup completes").isZero();
            slow.answer.complete(SourceResult.NOT_LISTED);
            checker.check(IpAddress.parse("192.0.2.66")).orTimeout(5, TimeUnit.SECONDS).join();
            assertThat(decisions("notify")).isEqualTo(1.0);
        }
    }
}
