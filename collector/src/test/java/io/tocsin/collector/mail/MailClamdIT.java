package io.tocsin.collector.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.collector.clamd.Clamd;
import io.tocsin.collector.clamd.ClamdTestDaemon;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.store.SqliteEvidenceStore;
import io.tocsin.core.ip.IpAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collecting with a real clamd: verdicts from the message's attachments, and big messages in a small heap. */
class MailClamdIT {

    private static final IpAddress PC = IpAddress.parse("192.0.2.66");

    @TempDir
    static Path dir;

    static ClamdTestDaemon daemon;

    @BeforeAll
    static void startClamd() throws Exception {
        daemon = ClamdTestDaemon.start(dir.resolve("clamd"));
    }

    @AfterAll
    static void stopClamd() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void infectedAttachmentsAreRecordedCleanOnesAndAClamdDownAreNot() throws Exception {
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(dir.resolve("store"), Retention.DEFAULT)) {
            MailCollector collector = MailCollector.builder().store(store).clamd(Clamd.at(daemon.tcp(), Duration.ofSeconds(60))).build();

            Collected clean = collector.collect("clean", Messages.stream(Messages.withAttachment(Messages.MX, "<c@pc17>", "harmless".getBytes())));
            assertThat(clean.verdict()).as(clean.toJson()).isEqualTo(MailVerdict.CLEAN);
            assertThat(clean.scanner()).isEqualTo("clamd");
            assertThat(store.get(PC)).isEmpty();

            // a forged header says nothing when clamd scans
            Collected infected = collector.collect("infected", Messages.stream(Messages.withAttachment(
                    "X-Virus-Status: Clean\r\n" + Messages.MX, "<i@pc17>", ClamdTestDaemon.payload())));
            assertThat(infected.verdict()).as(infected.toJson()).isEqualTo(MailVerdict.INFECTED);
            assertThat(infected.threat()).isEqualTo(ClamdTestDaemon.threat());
            assertThat(infected.recorded()).isTrue();
            assertThat(store.get(PC).orElseThrow().threat()).isEqualTo(ClamdTestDaemon.threat());
            assertThat(store.remove(PC)).isTrue();

            int closedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort();
            }
            MailCollector down = MailCollector.builder().store(store).clamd(Clamd.at("127.0.0.1:" + closedPort, Duration.ofSeconds(10))).build();
            Collected unknown = down.collect("down", Messages.stream(Messages.withAttachment(Messages.MX, "<d@pc17>", ClamdTestDaemon.payload())));
            assertThat(unknown.verdict()).isEqualTo(MailVerdict.UNKNOWN);
            assertThat(unknown.error()).startsWith("clamd 127.0.0.1:" + closedPort + " is unreachable");
            assertThat(unknown.recorded()).isFalse();
            assertThat(unknown.toJson()).contains("\"verdict\":\"unknown\"").contains("\"skipped\":\"verdict unknown\"").contains("\"error\":\"clamd ");
            assertThat(store.get(PC)).as("nothing recorded while clamd is down").isEmpty();
        }
    }

    @Test
    void aFiftyMegabyteMessageNeedsNoFiftyMegabytesOfHeap() throws Exception {
        // PREPARE: an mbox of a 50 MB message (the infected attachment first, then filler) and a small one
        Path mbox = dir.resolve("big.mbox");
        BigMessages.write(mbox, Messages.MX, ClamdTestDaemon.payload(), 50, true);
        assertThat(Files.size(mbox)).isGreaterThan(50L * 1024 * 1024);

        // TEST: a JVM with a 24 MB heap collects it, scanning everything with clamd, and without clamd
        for (boolean withClamd : new boolean[] {true, false}) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx24m", "-cp", System.getProperty("java.class.path"), CollectMain.class.getName(), mbox.toString()));
            if (withClamd) {
                command.add(daemon.tcp());
            }
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();

            // VERIFY
            assertThat(p.exitValue()).as("exit; output " + lines).isZero();
            assertThat(lines).as("two messages and the heap line: " + lines).hasSize(3);
            assertThat(lines.get(0)).as("the 50 MB message").startsWith("{\"message\":\"" + mbox + "#1\"")
                    .contains(withClamd ? "\"verdict\":\"infected\",\"threat\":\"" + ClamdTestDaemon.threat() + "\"" : "\"verdict\":\"unknown\"")
                    .contains("\"origin\":{\"ip\":\"192.0.2.66\"");
            assertThat(lines.get(1)).as("the message after it").startsWith("{\"message\":\"" + mbox + "#2\"");
            assertThat(Long.parseLong(lines.get(2).substring("max heap ".length()))).isLessThan(30L * 1024 * 1024);
        }
    }
}
