package io.tocsin.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durability: a writer JVM killed with SIGKILL in the middle of its writes loses nothing it committed. */
class SqliteEvidenceStoreKillIT {

    @TempDir
    Path dir;

    @Test
    void everyCommittedRecordSurvivesKillNine() throws Exception {
        // PREPARE: a child JVM that records addresses as fast as it can
        Process writer = StoreWriterMain.start(dir.toString(), "--forever");
        List<IpAddress> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (acknowledged.size() < 3000 && (line = out.readLine()) != null) {
                acknowledged.add(IpAddress.parse(line.substring("recorded ".length())));
            }
            // TEST: SIGKILL while it is still writing
            assertThat(writer.isAlive()).as("the writer is still writing when killed").isTrue();
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        // VERIFY: reopened, the store has every acknowledged address and takes new records
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(dir, Retention.DEFAULT)) {
            for (IpAddress ip : acknowledged) {
                assertThat(store.get(ip)).as("committed before the kill: " + ip).isPresent();
            }
            IpAddress after = IpAddress.parse("192.0.2.1");
            store.record(new Report(after, Category.SPAM, "", EvidenceKind.MANUAL, Instant.now(), null));
            assertThat(store.get(after)).as("the reopened store takes writes").isPresent();
            long[] listed = {0};
            store.forEachListed(Instant.now(), e -> listed[0]++);
            assertThat(listed[0]).isGreaterThanOrEqualTo(acknowledged.size() + 1L);
        }
    }
}
