package io.tocsin.collector.store;

import io.tocsin.collector.evidence.EvidenceKind;
import io.tocsin.collector.evidence.Report;
import io.tocsin.collector.evidence.Retention;
import io.tocsin.core.Category;
import io.tocsin.core.ip.IpAddress;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A second process for tests: records into the store in {@code args[0]} the addresses
 * {@code args[1..]}, or with {@code --forever} 10.0.0.0 upwards until killed, printing
 * {@code recorded IP} after each commit.
 */
public final class StoreWriterMain {

    private StoreWriterMain() {
    }

    public static void main(String[] args) {
        try (SqliteEvidenceStore store = SqliteEvidenceStore.open(Path.of(args[0]), Retention.DEFAULT)) {
            if (args[1].equals("--forever")) {
                for (int i = 0; ; i++) {
                    record(store, IpAddress.ofIpv4(0x0A000000 + i));
                }
            }
            for (int i = 1; i < args.length; i++) {
                record(store, IpAddress.parse(args[i]));
            }
        }
    }

    private static void record(SqliteEvidenceStore store, IpAddress ip) {
        store.record(new Report(ip, Category.INFECTED, "Win.Worm.Sober-2", EvidenceKind.MAIL, Instant.now(), null));
        System.out.println("recorded " + ip);
        System.out.flush();
    }

    /** Starts this class in a new JVM with the test class path. */
    public static Process start(String... args) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName()));
        command.addAll(java.util.List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
