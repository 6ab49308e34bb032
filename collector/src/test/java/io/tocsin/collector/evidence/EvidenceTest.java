package io.tocsin.collector.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.core.Category;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final IpAddress PC = IpAddress.parse("192.0.2.66");

    @Test
    void infectedStaysWhenLaterReportsSaySpam() {
        Evidence e = Evidence.of(new Report(PC, Category.INFECTED, "Win.Worm.Sober-2", EvidenceKind.MAIL, T0, null))
                .merge(new Report(PC, Category.SPAM, "", EvidenceKind.MAIL, T0.plusSeconds(9), null));
        assertThat(e.category()).isEqualTo(Category.INFECTED);
        assertThat(e.threat()).isEqualTo("Win.Worm.Sober-2");
        assertThat(e.reports()).isEqualTo(2);
        assertThat(e.lastSeen()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void spamBecomesInfectedWithTheNewThreat() {
        Evidence e = Evidence.of(new Report(PC, Category.SPAM, "", EvidenceKind.MAIL, T0, null))
                .merge(new Report(PC, Category.INFECTED, "Trojan.X", EvidenceKind.TRAFFIC, T0.minusSeconds(9), null));
        assertThat(e.category()).isEqualTo(Category.INFECTED);
        assertThat(e.threat()).isEqualTo("Trojan.X");
        assertThat(e.kind()).isEqualTo(EvidenceKind.TRAFFIC);
        assertThat(e.firstSeen()).as("an older report widens the window").isEqualTo(T0.minusSeconds(9));
        assertThat(e.reason()).isEqualTo("Trojan.X, 2 reports, last seen 2026-12-01");
    }

    @Test
    void threatNamesAreCleanedAndCut() {
        Report r = new Report(PC, Category.INFECTED, "Evil\r\nName" + "x".repeat(500), EvidenceKind.MANUAL, T0, null);
        assertThat(r.threat()).doesNotContain("\r", "\n").hasSize(200);
        assertThat(Evidence.of(new Report(PC, Category.SPAM, null, EvidenceKind.MANUAL, T0, null)).reason())
                .isEqualTo("spam, 1 report, last seen 2026-12-01");
    }

    @Test
    void retentionFromSettingsAndErrorsNameTheKey() {
        Retention r = Retention.from(Settings.of(Map.of("tocsin.collect.ttl", "1h", "tocsin.collect.min-reports", "3")));
        assertThat(r).isEqualTo(new Retention(3, Duration.ofHours(1)));
        assertThat(Retention.from(Settings.of(Map.of()))).isEqualTo(Retention.DEFAULT);
        assertThatThrownBy(() -> Retention.from(Settings.of(Map.of("tocsin.collect.min-reports", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.collect.min-reports");
        assertThatThrownBy(() -> EvidenceStores.open(Settings.of(Map.of("tocsin.store", "mongodb://x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.store").hasMessageContaining("mongodb://x");
    }
}
