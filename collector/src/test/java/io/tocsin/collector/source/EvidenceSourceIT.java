package io.tocsin.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.store.SqliteEvidenceStore;
import io.tocsin.collector.store.StoreWriterMain;
import io.tocsin.core.Category;
import io.tocsin.core.Checker;
import io.tocsin.core.Source;
import io.tocsin.core.SourceResult;
import io.tocsin.core.Verdict;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code evidence} source type, configured as users do, over a store another process writes. */
class EvidenceSourceIT {

    private static final IpAddress KNOWN = IpAddress.parse("192.0.2.66");
    private static final IpAddress NEW = IpAddress.parse("198.51.100.7");

    @TempDir
    Path dir;

    @Test
    void aCheckerListsTheStoreAndTheSourceSeesAnotherProcesssEvidenceAtOnce() throws Exception {
        // PREPARE: one address in the store before the checker starts
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(dir, Retention.DEFAULT)) {
            store.record(new Report(KNOWN, Category.INFECTED, "Win.Worm.Sober-2", EvidenceKind.MAIL, Instant.now(), null));
        }
        Settings settings = Settings.of(Map.of(
                "tocsin.sources.ev.type", "evidence",
                "tocsin.store", dir.toString()));
        try (Checker checker = CheckerSettings.builder(settings).build()) {
            settings.rejectUnknown();
            checker.ready().get(30, TimeUnit.SECONDS);

            // TEST + VERIFY: the checker lists the known address with category, threat and reason
            Verdict verdict = checker.check(KNOWN, Duration.ofSeconds(5));
            assertThat(verdict.shouldNotify()).as("verdict " + verdict).isTrue();
            assertThat(verdict.listings()).singleElement().satisfies(l -> {
                assertThat(l.source()).isEqualTo("ev");
                assertThat(l.categories()).containsExactly(Category.INFECTED);
                assertThat(l.reason()).startsWith("Win.Worm.Sober-2, 1 report, last seen ");
            });
            Source source = checker.sources().get(0);
            assertThat(query(source, NEW)).isEqualTo(SourceResult.NOT_LISTED);

            // another process records NEW; the first query after its commit lists it
            Process writer = StoreWriterMain.start(dir.toString(), NEW.toString());
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
                assertThat(out.readLine()).isEqualTo("recorded " + NEW);
            }
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(query(source, NEW)).isInstanceOf(SourceResult.Listed.class);
        }
    }

    @Test
    void retentionHidesEvidenceBelowMinReports() throws Exception {
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(dir, Retention.DEFAULT)) {
            store.record(new Report(KNOWN, Category.INFECTED, "X", EvidenceKind.MAIL, Instant.now(), null));
        }
        Settings settings = Settings.of(Map.of(
                "tocsin.sources.ev.type", "evidence",
                "tocsin.sources.ev.store", dir.toString(),
                "tocsin.collect.min-reports", "2"));
        try (Checker checker = CheckerSettings.builder(settings).build()) {
            settings.rejectUnknown();
            assertThat(query(checker.sources().get(0), KNOWN)).as("one report, two needed").isEqualTo(SourceResult.NOT_LISTED);
        }
    }

    private static SourceResult query(Source source, IpAddress ip) throws Exception {
        return source.query(ip).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
