package io.tocsin.benchmarks.feed;

import io.tocsin.core.Listener;
import io.tocsin.core.SourceContext;
import io.tocsin.core.config.CheckerSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.feed.FeedSource;
import io.tocsin.core.ip.IpAddress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Writes synthetic feeds and loads them through the {@code feed} source type, as a user's configuration would. */
final class FeedFiles {

    private FeedFiles() {
    }

    /**
     * Writes {@code entries} lines: random single IPv4 addresses, with one line in 20 a /24 CIDR range
     * and a comment header, roughly the shape of FireHOL's aggregated lists. Returns the addresses
     * of the first {@code sample.length} lines in {@code sample}.
     */
    static Path write(Path file, int entries, long seed, int[] sample) {
        SplittableRandom random = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            w.write("# synthetic feed: " + entries + " entries\n#\n");
            for (int i = 0; i < entries; i++) {
                int a = random.nextInt();
                if (i % 20 == 19) {
                    a &= 0xFFFFFF00;
                    w.write(IpAddress.ofIpv4(a) + "/24\n");
                } else {
                    w.write(IpAddress.ofIpv4(a) + "\n");
                }
                if (i < sample.length) {
                    sample[i] = a;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Loads {@code file} as a feed source and waits for the load. */
    static FeedSource load(Path file, ScheduledExecutorService scheduler) {
        Settings settings = Settings.of(Map.of(
                "tocsin.sources.bench.type", "feed",
                "tocsin.sources.bench.file", file.toString(),
                "tocsin.sources.bench.refresh", "1d"));
        FeedSource feed = (FeedSource) CheckerSettings.sources(settings, FeedFiles.class.getClassLoader()).get(0);
        feed.start(new SourceContext(scheduler, Clock.systemUTC(), Listener.NONE)).toCompletableFuture().join();
        if (feed.set() == null) {
            throw new IllegalStateException("feed did not load: " + feed.health());
        }
        return feed;
    }

    static ScheduledExecutorService scheduler() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-scheduler");
            t.setDaemon(true);
            return t;
        });
    }
}
