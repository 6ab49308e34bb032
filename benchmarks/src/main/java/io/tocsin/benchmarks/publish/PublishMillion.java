package io.tocsin.benchmarks.publish;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.core.Checker;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.publisher.zone.Publication;
import io.tocsin.publisher.zone.Publisher;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code publish} for N addresses (default 1,000,000): a feed of N single addresses (every fourth of
 * 10.0.0.0/8 upward, so that none merge into ranges) marked for publishing, combined and written as
 * rbldnsd data and a feed. Reports the time of a first run (every file written), of a second run
 * with the same content (compared, nothing rewritten) and the output sizes.
 *
 * <p>{@code java -cp benchmarks.jar io.tocsin.benchmarks.publish.PublishMillion [N]}
 */
public final class PublishMillion {

    private PublishMillion() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("publish-bench");
        Path feed = dir.resolve("feed.txt");
        try (BufferedWriter w = Files.newBufferedWriter(feed, StandardCharsets.US_ASCII)) {
            int base = 10 << 24;
            for (int i = 0; i < n; i++) {
                int v = base + 4 * i;
                w.write((v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255) + "\n");
            }
        }
        Settings settings = Settings.of(Map.of(
                "tocsin.sources.big.type", "feed",
                "tocsin.sources.big.file", feed.toString(),
                "tocsin.sources.big.publish", "true",
                "tocsin.publish.max-share", "1",
                "tocsin.publish.max-growth", "0"));
        Checker.Builder builder = CheckerSettings.builder(settings);
        Publisher.Plan plan = Publisher.plan("bench.test", settings);
        Path out = dir.resolve("out");
        System.out.println(Machine.describe());
        try (Publisher publisher = Publisher.start(plan, out, builder.build(), settings, Clock.systemUTC())) {
            publisher.ready().get(10, TimeUnit.MINUTES);
            for (int round = 1; round <= 3; round++) {
                long start = System.nanoTime();
                Publication result = publisher.publish();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "run %d: %.2f s: %s%n", round, seconds, result);
                if (round == 1) {
                    for (String f : new String[] {"bench.test.ip4set", "bench.test.ip6trie", "bench.test.txt"}) {
                        System.out.printf(Locale.ROOT, "  %s: %.1f MB%n", f, Files.size(out.resolve(f)) / 1e6);
                    }
                }
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "heap in use after: %.0f MB (max %.0f MB)%n", (rt.totalMemory() - rt.freeMemory()) / 1e6, rt.maxMemory() / 1e6);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
