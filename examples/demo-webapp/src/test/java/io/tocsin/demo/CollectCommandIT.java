package io.tocsin.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code collect} and {@code evidence} commands: output lines, exit statuses, error lines. */
class CollectCommandIT {

    private static final String INFECTED = "X-Virus-Status: Infected (Win.Worm.Sober-2)\r\n"
            + "Received: from pc17 (dsl-66.example.net [192.0.2.66]) by mx1.example.org (Postfix) with ESMTP id 1; Tue, 1 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <1@pc17>\r\nSubject: x\r\n\r\nbody\r\n";

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status;
        List<String> list = List.of(args);
        if (list.get(0).equals("collect")) {
            status = CollectCommand.run(list.subList(1, list.size()),
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)), o, e);
        } else {
            status = Main.run(list, o, e);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config(String extra) throws Exception {
        Path config = dir.resolve("c.properties");
        Files.writeString(config, "tocsin.store=" + dir.resolve("store") + "\n" + extra);
        return config;
    }

    @Test
    void stdinMessageIsRecordedAndEvidenceCommandsManageIt() throws Exception {
        String c = config("").toString();
        Run dry = run(INFECTED, "collect", "--config", c, "--dry-run", "-");
        assertThat(dry.status()).isZero();
        assertThat(dry.out()).startsWith("{\"message\":\"-\",\"id\":\"sha256:").contains("\"recorded\":false,\"skipped\":\"dry run\"");
        assertThat(run("", "evidence", "list", "--config", c).out()).as("a dry run records nothing").isEmpty();

        Run real = run(INFECTED, "collect", "--config", c, "-");
        assertThat(real.status()).isZero();
        assertThat(real.out()).contains("\"recorded\":true");
        assertThat(run("", "evidence", "list", "--config", c).out())
                .matches("\\{\"ip\":\"192.0.2.66\",\"category\":\"infected\",\"threat\":\"Win.Worm.Sober-2\",\"kind\":\"mail\","
                        + "\"first\":\"[0-9T:.Z-]+\",\"last\":\"[0-9T:.Z-]+\",\"reports\":1}\\R");

        Run add = run("", "evidence", "add", "--config", c, "--category", "spam", "--threat", "hand-made", "198.51.100.4");
        assertThat(add.out()).contains("\"ip\":\"198.51.100.4\",\"category\":\"spam\",\"threat\":\"hand-made\",\"kind\":\"manual\"");
        assertThat(run("", "evidence", "remove", "--config", c, "192.0.2.66", "192.0.2.67").out())
                .isEqualTo("{\"ip\":\"192.0.2.66\",\"removed\":true}\n{\"ip\":\"192.0.2.67\",\"removed\":false}\n".replace("\n", System.lineSeparator()));
        assertThat(run("", "evidence", "list", "--config", c).out()).contains("198.51.100.4").doesNotContain("192.0.2.66");
    }

    @Test
    void brokenMessagesAreLinesAndTheRunGoesOn() throws Exception {
        Path mbox = dir.resolve("in.mbox");
        Files.writeString(mbox, "From a\n\u0000\u0001garbage\n\nFrom b\n" + INFECTED.replace("\r\n", "\n"), StandardCharsets.ISO_8859_1);
        Run r = run("", "collect", "--config", config("").toString(), mbox.toString());
        assertThat(r.status()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"message\":\"" + mbox + "#1\",\"error\":");
        assertThat(lines.get(1)).startsWith("{\"message\":\"" + mbox + "#2\"").endsWith("\"recorded\":true}");
    }

    @Test
    void badInputIsOneStderrLineAndExitTwo() throws Exception {
        assertFails(2, "no such file or directory", "collect", dir.resolve("missing.mbox").toString());
        assertFails(2, "no PATH given", "collect");
        assertFails(2, "unknown option \"--fast\"", "collect", "--fast", "-");
        assertFails(2, "tocsin.collect.clamd", "collect", "--config", config("tocsin.collect.clamd=nowhere\n").toString(), "-");
        assertFails(2, "tocsin.collect.trusted-relay", "collect", "--config", config("tocsin.collect.trusted-relay=10.0.0.0/8\n").toString(), "-");
        assertFails(2, "not an IP address: \"pc17\"", "evidence", "add", "pc17");
        assertFails(2, "unknown action \"show\"", "evidence", "show");
        Run help = run("", "collect", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).startsWith(CollectCommand.USAGE);
    }

    private void assertFails(int status, String message, String... args) {
        Run r = run("", args);
        assertThat(r.status()).as(String.join(" ", args)).isEqualTo(status);
        assertThat(r.err().lines().toList()).as(String.join(" ", args)).singleElement().asString().contains(message);
    }
}
