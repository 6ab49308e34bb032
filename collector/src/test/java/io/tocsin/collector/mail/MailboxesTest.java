package io.tocsin.collector.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxesTest {

    @TempDir
    Path dir;

    private final List<String> seen = new ArrayList<>();

    private final MessageSink sink = new MessageSink() {
        @Override
        public void message(String label, InputStream message) {
            try {
                seen.add(label + "=" + new String(message.readAllBytes(), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void unreadable(String label, String error) {
            seen.add(label + "!" + error);
        }
    };

    @Test
    void mboxSplitsOnFromLinesAndUnquotesMboxrd() throws Exception {
        Path mbox = dir.resolve("inbox.mbox");
        Files.writeString(mbox, "From x@example.com Tue Dec  1 10:00:00 2026\n"
                + "Subject: one\n\n>From the start\n>>From quoted twice\n> From not quoting\n\n"
                + "From y@example.com Tue Dec  1 10:00:01 2026\n"
                + "Subject: two\n\nbody\n\n"
                + "From z@example.com Tue Dec  1 10:00:02 2026\n"
                + "Subject: three\n", StandardCharsets.ISO_8859_1);
        Mailboxes.read(mbox.toString(), null, sink);
        assertThat(seen).containsExactly(
                mbox + "#1=Subject: one\n\nFrom the start\n>From quoted twice\n> From not quoting\n\n",
                mbox + "#2=Subject: two\n\nbody\n\n",
                mbox + "#3=Subject: three\n");
    }

    @Test
    void mboxMessagesNotReadToTheEndAreSkipped() throws Exception {
        Path mbox = dir.resolve("big.mbox");
        String longLine = "x".repeat(200_000); // longer than a piece: no line start inside it
        Files.writeString(mbox, "From a\nSubject: 1\n\n" + longLine + "From b\n" + longLine + "\nFrom c\nSubject: 2\n", StandardCharsets.ISO_8859_1);
        List<String> subjects = new ArrayList<>();
        Mailboxes.read(mbox.toString(), null, new MessageSink() {
            @Override
            public void message(String label, InputStream message) {
                try {
                    subjects.add(label + ":" + new String(message.readNBytes(10), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void unreadable(String label, String error) {
            }
        });
        assertThat(subjects).containsExactly(mbox + "#1:Subject: 1", mbox + "#2:Subject: 2");
    }

    @Test
    void maildirReadsNewThenCurAndSkipsDotFiles() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Files.createDirectories(maildir.resolve("cur"));
        Files.createDirectories(maildir.resolve("new"));
        Files.createDirectories(maildir.resolve("tmp"));
        Files.writeString(maildir.resolve("cur/1700000000.1.host:2,S"), "Subject: cur\n\n");
        Files.writeString(maildir.resolve("new/1700000001.2.host"), "Subject: new\n\n");
        Files.writeString(maildir.resolve("new/.hidden"), "Subject: no\n\n");
        Files.writeString(maildir.resolve("tmp/1700000002.3.host"), "Subject: tmp\n\n");
        Mailboxes.read(maildir.toString(), null, sink);
        assertThat(seen).containsExactly(maildir.resolve("new/1700000001.2.host") + "=Subject: new\n\n",
                maildir.resolve("cur/1700000000.1.host:2,S") + "=Subject: cur\n\n");
    }

    @Test
    void emlAndStdinAreOneMessageAndProblemsNameThePath() throws Exception {
        Path eml = dir.resolve("one.eml");
        Files.writeString(eml, "Subject: eml\n\nFrom here on\n");
        Mailboxes.read(eml.toString(), null, sink);
        Mailboxes.read("-", new ByteArrayInputStream("Subject: in\n\n".getBytes(StandardCharsets.US_ASCII)), sink);
        assertThat(seen).containsExactly(eml + "=Subject: eml\n\nFrom here on\n", "-=Subject: in\n\n");

        assertThat(Mailboxes.problem(eml.toString())).isNull();
        assertThat(Mailboxes.problem("-")).isNull();
        assertThat(Mailboxes.problem(dir.resolve("nope").toString())).isEqualTo(dir.resolve("nope") + ": no such file or directory");
        assertThat(Mailboxes.problem(dir.toString())).contains("not a Maildir");
    }
}
