package io.tocsin.benchmarks.http;

import io.tocsin.servlet.notice.NoticeRenderer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The banner's bytes for one listed visitor's page, as the filter asks for them per response: the
 * built-in English banner with its script, and links made afresh per call as a visit makes them.
 * {@code samePage}: every call for {@code /page/5k} (a listed visitor reloading, or many visitors
 * behind one listed address); {@code manyPages}: 4096 pages in turn, more than the renderer keeps
 * whole, so every call renders.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BannerRenderBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BannerRenderBenchmark {

    private NoticeRenderer renderer;
    private String base = "/_tocsin";
    private int page;

    @Setup
    public void setUp() {
        renderer = new NoticeRenderer(null, null);
    }

    /** What {@code Visit.links()} makes: new strings on every request. */
    private NoticeRenderer.Links links(String back) {
        return new NoticeRenderer.Links(base + "/tocsin.css", base + "/notice?return=" + back.replace("/", "%2F"),
                base + "/ack", back);
    }

    @Benchmark
    public byte[] samePage() {
        return renderer.bannerBytes(Locale.ENGLISH, links("/page/5k"), true);
    }

    @Benchmark
    public byte[] manyPages() {
        page = (page + 1) & 4095;
        return renderer.bannerBytes(Locale.ENGLISH, links("/page/" + page), true);
    }
}
