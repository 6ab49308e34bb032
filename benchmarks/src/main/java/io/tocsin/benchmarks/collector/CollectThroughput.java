package io.tocsin.benchmarks.collector;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.collector.mail.Collected;
import io.tocsin.collector.mail.MailCollector;
import io.tocsin.collector.mail.Mailboxes;
import io.tocsin.collector.mail.MessageSink;
import io.tocsin.collector.store.SqliteEvidenceStore;
import io.tocsin.core.ip.IpSet;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Messages per second through {@code collect} (header parsing, the Received walk, scanner headers,
 * the JSON line) on a generated mbox of 100k small messages (1 in 10 infected, from 5,000 senders),
 * in rounds alternating: the baseline (the mbox only split into messages, every byte read), a dry
 * run, and a run recording into the embedded store. Single-threaded, as the command is; run it with
 * {@code -XX:ActiveProcessorCount=1} (and {@code taskset -c 0}) for the one-core figure.
 *
 * <p>Run: {@code java -XX:ActiveProcessorCount=1 -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.collector.CollectThroughput [MESSAGES] [ROUNDS]}
 */
public final class CollectThroughput {

    private CollectThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println(Machine.describe());
        Path dir = Files.createTempDirectory("tocsin-collect-bench");
        try {
            Path mbox = dir.resolve("inbox.mbox");
            write(mbox, messages);
            System.out.printf("mbox: %,d messages, %,d bytes%n", messages, Files.size(mbox));
            PrintStream sinkOut = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            for (int round = 1; round <= rounds; round++) {
                double split = run(mbox, null, sinkOut, messages);
                MailCollector dry = MailCollector.builder().dryRun(true).trustedRelays(IpSet.parse("10.0.0.0/8")).build();
                double dryRate = run(mbox, dry, sinkOut, messages);
                Path storeDir = dir.resolve("store" + round);
                double recordRate;
                try (SqliteEvidenceStore store = SqliteEvidenceStore.open(storeDir, Retention.DEFAULT)) {
                    MailCollector recording = MailCollector.builder().store(store).trustedRelays(IpSet.parse("10.0.0.0/8")).build();
                    recordRate = run(mbox, recording, sinkOut, messages);
                }
                System.out.printf("round %d: split only %,.0f msg/s | collect --dry-run %,.0f msg/s (%.2f of split) | collect recording %,.0f msg/s (%.2f of split)%n",
                        round, split, dryRate, dryRate / split, recordRate, recordRate / split);
            }
            System.out.println("JVM args: " + Machine.jvmArgs() + "; processors " + Runtime.getRuntime().availableProcessors());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double run(Path mbox, MailCollector collector, PrintStream out, int expected) throws IOException {
        int[] count = {0};
        int[] recorded = {0};
        long start = System.nanoTime();
        Mailboxes.read(mbox.toString(), null, new MessageSink() {
            @Override
            public void message(String label, InputStream message) {
                count[0]++;
                if (collector == null) {
                    try {
                        message.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return;
                }
                Collected c = collector.collect(label, message);
                recorded[0] += c.recorded() ? 1 : 0;
                out.println(c.toJson());
            }

            @Override
            public void unreadable(String label, String error) {
                throw new IllegalStateException(label + ": " + error);
            }
        });
        long nanos = System.nanoTime() - start;
        if (count[0] != expected) {
            throw new AssertionError("read " + count[0] + " messages, expected " + expected);
        }
        return count[0] * 1e9 / nanos;
    }

    /** Small messages as a Postfix MX with amavis leaves them: a few Received headers, scanner headers, a short body. */
    static void write(Path mbox, int messages) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(mbox, StandardCharsets.ISO_8859_1)) {
            for (int i = 0; i < messages; i++) {
                int sender = i % 5000;
                String ip = "198.51." + (sender / 250) + "." + (sender % 250 + 1);
                boolean infected = i % 10 == 0;
                w.write("From sender" + sender + "@example.net Tue Dec  1 10:00:00 2026\n");
                w.write("Return-Path: <sender" + sender + "@example.net>\n");
                w.write("Delivered-To: bob@example.org\n");
                w.write("Received: from mx1.example.org (mx1.example.org [10.0.0.2])\n\tby imap.example.org (Postfix) with LMTP id A" + i + "\n\tfor <bob@example.org>; Tue,  1 Dec 2026 10:00:02 +0000 (UTC)\n");
                w.write(infected ? "X-Virus-Status: Infected (Win.Worm.Sober-2)\n" : "X-Virus-Status: Clean\n");
                w.write("X-Virus-Scanned: clamav-milter 1.4.3 at mx1.example.org\n");
                w.write("Received: from pc" + sender + " (dsl-" + sender + ".example.net [" + ip + "])\n\tby mx1.example.org (Postfix) with ESMTP id B" + i + "\n\tfor <bob@example.org>; Tue,  1 Dec 2026 10:00:00 +0000 (UTC)\n");
                w.write("From: \"Sender " + sender + "\" <sender" + sender + "@example.net>\n");
                w.write("To: bob@example.org\nSubject: message " + i + "\n");
                w.write("Date: Tue, 1 Dec 2026 09:59:59 +0000\nMessage-ID: <" + i + "." + sender + "@example.net>\n");
                w.write("MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n");
                w.write("Hello Bob,\n\nthis is message " + i + ".\n>From the archives: nothing.\n\n-- \nSender\n\n");
            }
        }
    }
}
