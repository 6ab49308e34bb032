package io.tocsin.collector.mail;

import static io.tocsin.collector.mail.Messages.MX;
import static io.tocsin.collector.mail.Messages.message;
import static io.tocsin.collector.mail.Messages.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.collector.evidence.Evidence;
import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.store.SqliteEvidenceStore;
import io.tocsin.core.Category;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailCollectorTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:05:00Z");
    private static final IpAddress PC = IpAddress.parse("192.0.2.66");

    @TempDir
    Path dir;

    private SqliteEvidenceStore store;

    @BeforeEach
    void open() {
        store = SqliteEvidenceStore.open(dir, Retention.DEFAULT);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private MailCollector.Builder collector() {
        return MailCollector.builder().store(store).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void clamavMilterVerdictAboveTheMxHeaderRecordsTheSender() {
        String msg = message("X-Virus-Scanned: clamav-milter 1.4.3 at mx1\r\nX-Virus-Status: Infected (Win.Worm.Sober-2)\r\n" + MX, "<1@pc17>");
        Collected c = collector().build().collect("inbox.mbox#3", stream(msg));

        assertThat(c.recorded()).as("recorded " + c.toJson()).isTrue();
        assertThat(c.toJson()).isEqualTo("{\"message\":\"inbox.mbox#3\",\"id\":\"" + MailCollector.messageIdHash("<1@pc17>") + "\","
                + "\"verdict\":\"infected\",\"threat\":\"Win.Worm.Sober-2\",\"scanner\":\"X-Virus-Status\","
                + "\"origin\":{\"ip\":\"192.0.2.66\",\"helo\":\"pc17\",\"rdns\":\"dsl-66.example.net\",\"by\":\"mx1.example.org\"},"
                + "\"hops\":[{\"ip\":\"192.0.2.66\",\"helo\":\"pc17\",\"rdns\":\"dsl-66.example.net\",\"by\":\"mx1.example.org\",\"auth\":null}],"
                + "\"recorded\":true}");
        assertThat(c.id()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(store.get(PC)).hasValue(new Evidence(PC, Category.INFECTED, "Win.Worm.Sober-2", EvidenceKind.MAIL, NOW, NOW, 1));
    }

    @Test
    void aVirusStatusForgedBelowTheTrustedHeaderRecordsNothing() {
        // PREPARE: the sender wrote "X-Virus-Status: Infected" into its own message, below our MX's Received header
        String msg = message(MX + "X-Virus-Status: Infected (Win.Worm.Sober-2)\r\n"
                + "Received: from [10.1.1.1] by pc17 with SMTP; Tue, 1 Dec 2026 09:59:00 +0000\r\n", "<2@pc17>");
        // TEST
        Collected c = collector().build().collect("forged.eml", stream(msg));
        // VERIFY
        assertThat(c.verdict()).as(c.toJson()).isEqualTo(MailVerdict.UNKNOWN);
        assertThat(c.recorded()).isFalse();
        assertThat(c.skipped()).isEqualTo("verdict unknown");
        assertThat(store.get(PC)).as("nothing recorded").isEmpty();
    }

    @Test
    void trustedRelaysMoveTheBoundaryDown() {
        String msg = "Received: from mx1.example.org (mx1.example.org [10.0.0.2]) by imap.example.org with LMTP id 1; Tue, 1 Dec 2026 10:00:02 +0000\r\n"
                + "X-Amavis-Alert: INFECTED, message contains virus: Worm.Mydoom.A\r\n"
                + "Received: from localhost (localhost [127.0.0.1]) by mx1.example.org (Postfix) with ESMTP id 2; Tue, 1 Dec 2026 10:00:01 +0000\r\n"
                + MX
                + "X-Spam-Flag: YES\r\n";
        MailCollector trusting = collector().trustedRelays(IpSet.parse("10.0.0.0/8, 127.0.0.1")).build();
        Collected c = trusting.collect("m", stream(message(msg, "<3@pc17>")));
        assertThat(c.origin().ip()).isEqualTo(PC);
        assertThat(c.verdict()).as("amavis above the origin's header counts; the spam flag below does not").isEqualTo(MailVerdict.INFECTED);
        assertThat(c.threat()).isEqualTo("Worm.Mydoom.A");
        assertThat(c.hops()).hasSize(3);
        assertThat(c.recorded()).isTrue();

        Collected untrusting = collector().build().collect("m", stream(message(msg, "<4@pc17>")));
        assertThat(untrusting.recorded()).isFalse();
        assertThat(untrusting.skipped()).as("the top peer is private: the operator must trust it")
                .contains("10.0.0.2").contains("private").contains("tocsin.collect.trusted-relays");
    }

    @Test
    void spamIsRecordedAsSpamAndTheSameMessageCountsOnce() {
        MailCollector collector = collector().build();
        String msg = message("X-Spam-Flag: YES\r\n" + MX, "<5@pc17>");
        assertThat(collector.collect("a", stream(msg)).recorded()).isTrue();
        assertThat(collector.collect("b", stream(msg)).recorded()).isTrue();
        assertThat(store.get(PC).orElseThrow().reports()).as("one Message-ID, one report").isEqualTo(1);
        assertThat(store.get(PC).orElseThrow().category()).isEqualTo(Category.SPAM);
        collector.collect("c", stream(message("X-Spam-Flag: YES\r\n" + MX, "<6@pc17>")));
        assertThat(store.get(PC).orElseThrow().reports()).isEqualTo(2);
    }

    @Test
    void cleanMessagesAndDryRunsRecordNothing() {
        Collected clean = collector().build().collect("c", stream(message("X-Virus-Status: Clean\r\n" + MX, "<7@x>")));
        assertThat(clean.verdict()).isEqualTo(MailVerdict.CLEAN);
        assertThat(clean.skipped()).isEqualTo("verdict clean");
        Collected dry = MailCollector.builder().dryRun(true).build()
                .collect("d", stream(message("X-Virus-Status: Infected (W)\r\n" + MX, "<8@x>")));
        assertThat(dry.recorded()).isFalse();
        assertThat(dry.skipped()).isEqualTo("dry run");
        assertThat(dry.origin().ip()).isEqualTo(PC);
        assertThat(store.get(PC)).isEmpty();
    }

    @Test
    void messagesWithoutAUsableOriginSayWhy() {
        MailCollector collector = collector().build();
        assertThat(collector.collect("n", stream(message("X-Virus-Status: Infected (W)\r\n", null))).skipped())
                .isEqualTo("no Received header");
        assertThat(collector.collect("q", stream(message("X-Virus-Status: Infected (W)\r\nReceived: (qmail 1 invoked by uid 89); 1 Dec 2026 10:00:00 -0000\r\n", null))).skipped())
                .isEqualTo("no Received header names an untrusted connecting address");
        Collected garbled = collector.collect("g", stream(message("X-Virus-Status: Infected (W)\r\nReceived: from pc17 by mx with SMTP; 1 Dec 2026\r\n" + MX, null)));
        assertThat(garbled.skipped()).as("never walks past a network hop it cannot read").contains("Received header 1 names no connecting address");
        assertThat(garbled.id()).isNull();
        assertThat(store.get(PC)).isEmpty();
    }

    @Test
    void brokenMessagesAreErrorLinesNotExceptions() {
        MailCollector collector = collector().build();
        assertThat(collector.collect("empty", stream("")).toJson()).isEqualTo("{\"message\":\"empty\",\"error\":\"no header fields: not a message\",\"recorded\":false}");
        assertThat(collector.collect("binary", stream("\u0000\u0001\u00ff\r\n\r\nbody")).error()).isNotNull();
        String huge = "X-Long: " + "a".repeat(2 * 1024 * 1024) + "\r\n\r\nbody";
        assertThat(collector.collect("huge", stream(huge)).error()).as("a 2 MB header field").isNotNull();
        String many = "X-A: b\r\n".repeat(5000) + "\r\n";
        assertThat(collector.collect("many", stream(many)).error()).as("5000 fields").isNotNull();
        InputStream failing = new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("disk on fire");
            }
        };
        assertThat(collector.collect("io", failing).error()).contains("disk on fire");
    }

    @Test
    void settingsNameTheirKeys() {
        MailCollector c = MailCollector.from(Settings.of(Map.of(
                "tocsin.collect.trusted-relays", "10.0.0.0/8",
                "tocsin.collect.av-headers", "x-virus-status, X-Spam-Status",
                "tocsin.collect.clamd", "unix:/run/clamav/clamd.ctl")), null);
        assertThat(c.toString()).contains("10.0.0.0/8").contains("x-spam-status").contains("clamd unix:/run/clamav/clamd.ctl").contains("dry run");
        assertThatThrownBy(() -> MailCollector.from(Settings.of(Map.of("tocsin.collect.av-headers", "X-Virus-Status,X-Scanner")), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.collect.av-headers").hasMessageContaining("X-Scanner");
        assertThatThrownBy(() -> MailCollector.from(Settings.of(Map.of("tocsin.collect.clamd", "localhost")), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.collect.clamd").hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> MailCollector.from(Settings.of(Map.of("tocsin.collect.trusted-relays", "mx1.example.org")), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tocsin.collect.trusted-relays");
    }
}
