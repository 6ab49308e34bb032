package io.tocsin.benchmarks.core;

import io.tocsin.core.Checker;
import io.tocsin.core.Verdict;
import io.tocsin.core.ip.IpAddress;
import io.tocsin.core.ip.IpSet;
import io.tocsin.core.list.ListSource;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
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
 * The request path on a cache hit: a budgeted check of an address given as a string (what a filter
 * gets from {@code getRemoteAddr()}), parsing included, next to the practical limit, a
 * {@link ConcurrentHashMap} lookup of the same string key, and to parsing alone.
 *
 * <p>{@code order}: {@code sequential} asks for the addresses in the order they were made, as the
 * first suite did; consecutive addresses have consecutive {@code String} hash codes, so the map's
 * table and nodes, like the strings themselves, are then read in memory order, which the processor
 * prefetches. {@code shuffled} asks for the same addresses in a fixed random order, as visitors
 * come: every structure is read at a random place, the map and the checker alike.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CacheHitBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CacheHitBenchmark {

    private static final Duration BUDGET = Duration.ofMillis(50);

    @Param({"1024", "65536", "1048576"})
    int addresses;

    @Param({"sequential", "shuffled"})
    String order;

    private String[] texts;
    private IpAddress[] parsed;
    private Checker checker;
    private ConcurrentHashMap<String, Verdict> map;
    private int next; // addresses is a power of two

    @Setup(Level.Trial)
    public void setUp() {
        texts = new String[addresses];
        parsed = new IpAddress[addresses];
        map = new ConcurrentHashMap<>();
        checker = Checker.builder()
                .cacheMaximumSize(addresses * 2L)
                .source(new ListSource("bench", IpSet.parse("10.0.0.0/24"), io.tocsin.core.Category.INFECTED))
                .build();
        for (int i = 0; i < addresses; i++) {
            texts[i] = "10." + (i >>> 16) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF);
            parsed[i] = IpAddress.parse(texts[i]);
            Verdict v = checker.check(parsed[i]).join();
            map.put(texts[i], v);
        }
        if (order.equals("shuffled")) {
            java.util.Random random = new java.util.Random(19);
            for (int i = addresses - 1; i > 0; i--) { // Fisher–Yates, the same permutation for both arrays
                int j = random.nextInt(i + 1);
                String t = texts[i];
                texts[i] = texts[j];
                texts[j] = t;
                IpAddress p = parsed[i];
                parsed[i] = parsed[j];
                parsed[j] = p;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        checker.close();
    }

    private String nextText() {
        int i = next;
        next = (i + 1) & (addresses - 1);
        return texts[i];
    }

    @Benchmark
    public Verdict budgetedCheckOfCachedAddress() {
        return checker.check(nextText(), BUDGET);
    }

    @Benchmark
    public Verdict cachedLookupOfParsedAddress() {
        int i = next;
        next = (i + 1) & (addresses - 1);
        return checker.check(parsed[i], BUDGET);
    }

    @Benchmark
    public Verdict concurrentHashMapBaseline() {
        return map.get(nextText());
    }

    @Benchmark
    public IpAddress parseOnly() {
        return IpAddress.parse(nextText());
    }

    @Benchmark
    public IpAddress parseIpv6Only() {
        return IpAddress.parse("2001:db8:85a3::8a2e:370:7334");
    }
}
