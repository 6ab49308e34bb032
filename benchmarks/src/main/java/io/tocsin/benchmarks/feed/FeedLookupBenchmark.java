package io.tocsin.benchmarks.feed;

import io.tocsin.core.SourceResult;
import io.tocsin.core.feed.FeedSource;
import io.tocsin.core.ip.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One lookup in a loaded feed of {@code entries} IPv4 entries: half the probes are addresses the feed
 * lists, half random addresses (almost all unlisted), drawn from 64K pre-parsed probes so that the
 * working set is not one warm cache line. {@code contains} is the set lookup alone; {@code query} is
 * the source's whole answer, the completed stage included; {@code probeOnly} is the harness alone.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FeedLookupBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FeedLookupBenchmark {

    private static final int PROBES = 1 << 16;

    @Param({"1000000"})
    int entries;

    private Path dir;
    private ScheduledExecutorService scheduler;
    private FeedSource feed;
    private IpAddress[] probes;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("feed-bench");
        int[] listed = new int[PROBES / 2];
        Path file = FeedFiles.write(dir.resolve("feed.txt"), entries, 7, listed);
        scheduler = FeedFiles.scheduler();
        feed = FeedFiles.load(file, scheduler);
        SplittableRandom random = new SplittableRandom(11);
        probes = new IpAddress[PROBES];
        for (int i = 0; i < PROBES; i++) {
            probes[i] = IpAddress.ofIpv4(i % 2 == 0 && i / 2 < listed.length ? listed[i / 2] : random.nextInt());
        }
        for (int i = PROBES - 1; i > 0; i--) { // shuffle so hits and misses interleave unpredictably
            int j = random.nextInt(i + 1);
            IpAddress t = probes[i];
            probes[i] = probes[j];
            probes[j] = t;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        feed.close();
        scheduler.shutdownNow();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    private IpAddress nextProbe() {
        return probes[next++ & (PROBES - 1)];
    }

    /** The harness alone: fetching the next probe, so that its cost can be told apart from the lookup. */
    @Benchmark
    public int probeOnly() {
        return nextProbe().ipv4Bits();
    }

    @Benchmark
    public boolean contains() {
        return feed.contains(nextProbe());
    }

    @Benchmark
    public SourceResult query() {
        return feed.query(nextProbe()).toCompletableFuture().getNow(null);
    }
}
