package io.tocsin.spring.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.tocsin.core.Checker;
import io.tocsin.core.Source;
import io.tocsin.core.SourceHealth;
import io.tocsin.core.SourceResult;
import io.tocsin.core.ip.IpAddress;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class TocsinHealthIndicatorTest {

    private static final Instant SINCE = Instant.parse("2026-11-26T20:00:00Z");

    @Test
    void upWhenEverySourceIsUp() {
        Health health = healthOf(new FixedHealthSource("zen", SourceHealth.up("test points answer as expected", SINCE)),
                new FixedHealthSource("local", SourceHealth.up("no health check", SINCE)));
        assertThat(health.getStatus()).as("status").isEqualTo(Status.UP);
        assertThat(health.getDetails()).as("details")
                .containsEntry("degraded", false)
                .containsEntry("sourcesUp", 2);
        assertThat(health.getDetails()).extractingByKey("sources", MAP).as("per-source details")
                .containsOnlyKeys("zen", "local");
        assertThat(health.getDetails()).extractingByKey("sources", MAP).extractingByKey("zen", MAP)
                .containsEntry("state", "UP")
                .containsEntry("reason", "test points answer as expected")
                .containsEntry("since", "2026-11-26T20:00:00Z");
    }

    @Test
    void upButDegradedWithTheReasonWhenASourceIsSuspended() {
        Health health = healthOf(new FixedHealthSource("zen",
                        SourceHealth.suspended("test point 127.0.0.1 is listed: the zone lists the world", SINCE)),
                new FixedHealthSource("local", SourceHealth.up("no health check", SINCE)));
        assertThat(health.getStatus()).as("a suspended list does not make the application unhealthy").isEqualTo(Status.UP);
        assertThat(health.getDetails()).as("details").containsEntry("degraded", true).containsEntry("sourcesUp", 1);
        assertThat(health.getDetails()).extractingByKey("sources", MAP).extractingByKey("zen", MAP)
                .containsEntry("state", "SUSPENDED")
                .containsEntry("reason", "test point 127.0.0.1 is listed: the zone lists the world");
    }

    @Test
    void neverDownBecauseOfLists() {
        // every instance shares the lists: DOWN here would take the whole site out of a load balancer
        Health health = healthOf(new FixedHealthSource("zen", SourceHealth.suspended("SERVFAIL", SINCE)),
                new FixedHealthSource("xbl", SourceHealth.starting("first health check under way", SINCE)));
        assertThat(health.getStatus()).as("status with no source up").isEqualTo(Status.UP);
        assertThat(health.getDetails()).as("details").containsEntry("degraded", true).containsEntry("sourcesUp", 0);
        assertThat(health.getDetails()).extractingByKey("sources", MAP).extractingByKey("xbl", MAP)
                .containsEntry("state", "STARTING");
    }

    private static Health healthOf(Source... sources) {
        Checker.Builder builder = Checker.builder();
        for (Source source : sources) {
            builder.source(source);
        }
        try (Checker checker = builder.build()) {
            return new TocsinHealthIndicator(checker).health();
        }
    }

    /** A source whose health the test sets: the states themselves are the core's business, tested there. */
    private static final class FixedHealthSource implements Source {
        private final String name;
        private final SourceHealth health;

        FixedHealthSource(String name, SourceHealth health) {
            this.name = name;
            this.health = health;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletionStage<SourceResult> query(IpAddress ip) {
            return CompletableFuture.completedFuture(SourceResult.NOT_LISTED);
        }

        @Override
        public SourceHealth health() {
            return health;
        }
    }
}
