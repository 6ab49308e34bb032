package io.tocsin.collector.traffic;

import io.tocsin.core.config.Settings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Run by {@link ClientFloodIT} in a JVM with a small heap: {@code N} distinct clients each query a
 * beacon once within an hour, interleaved with one client that beacons every minute, all through the BIND reader.
 * Prints the summary and the flags.
 */
public final class FloodMain {

    private FloodMain() {
    }

    public static void main(String[] args) throws Exception {
        long clients = Long.parseLong(args[0]);
        String maxClients = args[1];
        long t0 = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();
        SenseSettings settings = SenseSettings.from(Settings.of(Map.of(
                "tocsin.sense.time-zone", "UTC", "tocsin.sense.max-clients", maxClients)));
        StringBuilder flags = new StringBuilder();
        TrafficSensor sensor = new TrafficSensor(settings, LogFormat.BIND, flag -> flags.append(flag.ip()).append(' '));
        sensor.read("flood", new InputStream() {
            private long n;
            private byte[] line = new byte[0];
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == line.length) {
                    if (n >= clients) {
                        return -1;
                    }
                    long time = t0 + n * 3600_000L / clients; // all of them within one window
                    String client = n % (clients / 60) == 0
                            ? "192.0.2.66" // the beaconing client, once a minute
                            : "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
                    if (n >= 1 << 24) {
                        client = "2001:db8::" + Long.toHexString(n);
                    }
                    line = (iso(time) + " client " + client + "#53: query: people.freenet.de IN A +\n").getBytes(StandardCharsets.US_ASCII);
                    pos = 0;
                    n++;
                }
                int k = Math.min(len, line.length - pos);
                System.arraycopy(line, pos, b, off, k);
                pos += k;
                return k;
            }
        }, Instant.ofEpochMilli(t0));
        Runtime runtime = Runtime.getRuntime();
        System.out.println(sensor.summary());
        System.out.println("tracked " + sensor.summary().tracked());
        System.out.println("flagged " + flags.toString().trim());
        System.out.println("heap used after GC MB " + usedAfterGc(runtime) / (1024 * 1024));
    }

    /** {@code 2026-12-02T00:MM:SS.mmmZ}: cheaper than {@code Instant.toString} ten million times. */
    private static String iso(long time) {
        long ms = time % 3_600_000;
        return String.format("2026-12-02T00:%02d:%02d.%03dZ", ms / 60_000, ms / 1000 % 60, ms % 1000);
    }

    private static long usedAfterGc(Runtime runtime) {
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
