package io.tocsin.benchmarks.http;

import io.tocsin.benchmarks.report.Machine;
import io.tocsin.benchmarks.report.Stats;
import io.tocsin.benchmarks.report.Charts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Heap while the banner is injected into a 10 MB page: sequential downloads of the page for a
 * listed visitor (banner), a clean visitor and a server without the filter, while a sampler thread
 * reads the used heap every millisecond, and the bytes allocated by all threads per response are
 * counted. Injection that streams shows the same peak as no filter and allocation far below the
 * page size; one that buffered the page would add at least its 10 MB. Run it with a small heap
 * ({@code -Xmx32m}) so a buffering filter could not hide.
 *
 * <p>Run: {@code java -Xmx32m -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.http.InjectionHeap [downloads]}
 */
public final class InjectionHeap {

    private InjectionHeap() {
    }

    public static void main(String[] args) throws Exception {
        int downloads = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path out = Path.of(System.getProperty("tocsin.bench.out", "docs/images"));
        String machine = Machine.describe();
        System.out.println("# Heap while injecting: " + machine);
        Map<String, String> enabled = new LinkedHashMap<>();
        enabled.put("tocsin.trusted-proxies", "127.0.0.1");
        enabled.put("tocsin.sources.bl.type", "list");
        enabled.put("tocsin.sources.bl.entries", RequestOverhead.LISTED);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (BenchServer none = BenchServer.start(null); BenchServer on = BenchServer.start(enabled)) {
            record Case(String name, BenchServer server, String page, String visitor) {
            }
            List<Case> cases = List.of(
                    new Case("10 MB, no filter", none, "/page/10m", RequestOverhead.CLEAN),
                    new Case("10 MB, clean visitor", on, "/page/10m", RequestOverhead.CLEAN),
                    new Case("10 MB, listed visitor (banner)", on, "/page/10m", RequestOverhead.LISTED),
                    new Case("5 KB, listed visitor (banner)", on, "/page/5k", RequestOverhead.LISTED));
            for (Case c : cases) {
                for (int i = 0; i < 3; i++) {
                    fetch(c.server().port(), c.page(), c.visitor()); // warm-up
                }
            }
            System.out.println("| response | bytes received | allocated per response, all threads, median (min–max) | peak used heap during downloads, MB | used heap after GC, MB |");
            System.out.println("|---|---|---|---|---|");
            List<Stats> allocated = new ArrayList<>();
            List<Stats> peaks = new ArrayList<>();
            for (Case c : cases) {
                System.gc();
                long afterGc = memory.getHeapMemoryUsage().getUsed();
                long[] peak = {0};
                List<Double> allocations = new ArrayList<>();
                List<Double> peaksPerDownload = new ArrayList<>();
                long received = 0;
                Thread sampler = null;
                for (int i = 0; i < downloads; i++) {
                    peak[0] = 0;
                    sampler = new Thread(() -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                    sampler.setDaemon(true);
                    long before = totalAllocated(threads);
                    sampler.start();
                    received = fetch(c.server().port(), c.page(), c.visitor());
                    sampler.interrupt();
                    sampler.join();
                    allocations.add((totalAllocated(threads) - before) / 1024.0);
                    peaksPerDownload.add(peak[0] / 1048576.0);
                }
                Stats alloc = Stats.of(allocations);
                Stats peakStats = Stats.of(peaksPerDownload);
                allocated.add(alloc);
                peaks.add(peakStats);
                System.out.printf(Locale.ROOT, "| %s | %d | %s KiB | %s | %.1f |%n", c.name(), received, alloc.format("%.0f"),
                        peakStats.format("%.1f"), afterGc / 1048576.0);
            }
            String command = "java " + Machine.jvmArgs() + " -cp benchmarks/target/benchmarks.jar io.tocsin.benchmarks.http.InjectionHeap " + downloads;
            System.out.printf(Locale.ROOT, "%n%s%n%s%n", machine, command);
            Charts.bars(out.resolve("injection-heap.png"), "Allocation per response while injecting (streaming)",
                    "KiB allocated per response (all threads)", cases.stream().map(Case::name).toList(),
                    List.of(Charts.Series.of("allocated KiB per response", allocated)), 10_000, "size of the 10 MB page",
                    machine + ". " + command + ". Bars: median of downloads; whiskers: up to the farther of the min and the max of the rounds, on both sides.");
        }
    }

    private static long totalAllocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            if (b > 0) {
                sum += b;
            }
        }
        return sum;
    }

    /** A plain HTTP/1.1 GET over a socket with a fixed buffer, so the client allocates next to nothing. */
    private static long fetch(int port, String path, String visitor) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream o = socket.getOutputStream();
            o.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: " + visitor
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
            return total;
        }
    }
}
