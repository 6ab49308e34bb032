package io.tocsin.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The bookkeeping that the background sources (feed, CrowdSec stream, DNSBL health checks) share. */
class SourceHealthTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-01T11:00:00Z");

    @Test
    void aNewReasonInTheSameStateKeepsWhenTheStateBegan() {
        SourceHealth next = SourceHealth.up("48213 entries loaded", T1).after(SourceHealth.up("48000 entries loaded", T0));
        assertThat(next).isEqualTo(SourceHealth.up("48213 entries loaded", T0));
    }

    @Test
    void aNewStateStartsItsOwnClock() {
        SourceHealth next = SourceHealth.suspended("not loaded", T1).after(SourceHealth.up("loaded", T0));
        assertThat(next.since()).isEqualTo(T1);
        assertThat(SourceHealth.up("first", T1).after(null)).as("no previous health").isEqualTo(SourceHealth.up("first", T1));
    }
}
