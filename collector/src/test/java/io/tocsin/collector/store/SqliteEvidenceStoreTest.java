package io.tocsin.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.collector.evidence.Evidence;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEvidenceStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final IpAddress PC = IpAddress.parse("192.0.2.66");

    @TempDir
    Path dir;

    private static Report report(IpAddress ip, String threat, Instant seen, String reference) {
        return new Report(ip, Category.INFECTED, threat, EvidenceKind.MAIL, seen, reference);
    }

    @Test
    void recordsMergeAndSurviveReopening() {
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(dir, Retention.DEFAULT)) {
            store.record(report(PC, "Win.Worm.Sober-2", T0, "sha256:a"));
            Evidence merged = store.record(report(PC, "", T0.plusSeconds(60), "sha256:b"));
            assertThat(merged.reports()).as("two distinct messages count twice").isEqualTo(2);
            assertThat(merged.threat()).as("an empty threat keeps the known one").isEqualTo("Win.Worm.Sober-2");
        }
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(dir, Retention.DEFAULT)) {
            Evidence e = store.get(PC).orElseThrow();
            assertThat(e).isEqualTo(new Evidence(PC, Category.INFECTED, "Win.Worm.Sober-2", EvidenceKind.MAIL, T0, T0.plusSeconds(60), 2));
            assertThat(e.reason()).isEqualTo("Win.Worm.Sober-2, 2 reports, last seen 2026-12-01");
        }
    }

    @Test
    void theSameMessageCountsOnce() {
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(dir, Retention.DEFAULT)) {
            store.record(report(PC, "X", T0, "sha256:same"));
            Evidence again = store.record(report(PC, "X", T0.plusSeconds(5), "sha256:same"));
            assertThat(again.reports()).isEqualTo(1);
            assertThat(store.get(PC).orElseThrow().lastSeen()).isEqualTo(T0);
        }
    }

    @Test
    void listsByMinReportsAndTtlAndPurgesWhatExpired() {
        IpAddress v6 = IpAddress.parse("2001:db8::66");
        IpAddress once = IpAddress.parse("198.51.100.1");
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(dir, new Retention(2, Duration.ofDays(3)))) {
            store.record(report(v6, "A", T0, null));
            store.record(report(v6, "A", T0.plusSeconds(1), null));
            store.record(report(once, "B", T0, null));
            assertThat(listed(store, T0.plusSeconds(2))).containsExactly(v6);
            assertThat(listed(store, T0.plusSeconds(1).plus(Duration.ofDays(3)))).as("3 days after the last report").isEmpty();
            assertThat(store.purge(T0.plus(Duration.ofDays(3)).plusSeconds(1))).isEqualTo(2);
            assertThat(store.get(v6)).isEmpty();
        }
    }

    @Test
    void removeDeletesAndVersionChangesForOtherHandles() {
        try (SqliteEvidenceStore writer = SqliteEvidenceStore.open(dir, Retention.DEFAULT);
                SqliteEvidenceStore reader = SqliteEvidenceStore.open(dir, Retention.DEFAULT)) {
            long before = reader.version();
            writer.record(report(PC, "X", T0, null));
            long after = reader.version();
            assertThat(after).as("a write through another handle is noticed").isNotEqualTo(before);
            assertThat(reader.get(PC)).isPresent();
            assertThat(writer.remove(PC)).isTrue();
            assertThat(reader.version()).isNotEqualTo(after);
            assertThat(reader.get(PC)).isEmpty();
            assertThat(writer.remove(PC)).isFalse();
        }
    }

    private static List<IpAddress> listed(SqliteEvidenceStore store, Instant now) {
        List<IpAddress> ips = new ArrayList<>();
        store.forEachListed(now, e -> ips.add(e.ip()));
        return ips;
    }
}
