package io.tocsin.benchmarks.traffic;

import io.tocsin.collector.traffic.BeaconDetector;
import io.tocsin.collector.traffic.SenseSettings;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpAddress;
import java.util.Map;

/**
 * Heap per tracked client and beacon: {@code TrackFootprint N HITS} feeds a detector {@code N}
 * distinct clients with {@code HITS} hits each (a minute apart, all within the window) and prints the
 * retained heap after a full GC, divided by {@code N}. Run with a heap large enough for N tracks.
 */
public final class TrackFootprint {

    private TrackFootprint() {
    }

    public static void main(String[] args) {
        int clients = Integer.parseInt(args[0]);
        int hits = Integer.parseInt(args[1]);
        SenseSettings settings = SenseSettings.from(Settings.of(Map.of(
                "tocsin.sense.max-clients", Integer.toString(clients), "tocsin.sense.window", "1d")));
        long before = used();
        BeaconDetector detector = new BeaconDetector(settings, flag -> { });
        for (int h = 0; h < hits; h++) {
            for (int c = 0; c < clients; c++) {
                // irregular on purpose (nothing is flagged, nothing else is kept)
                detector.hit(IpAddress.ofIpv4(0x0A000000 | c), 0, h * 60_000L * (1 + h % 3) + c % 1000);
            }
        }
        long after = used();
        System.out.printf("tracks %d, hits each %d, tracked %d: %.0f bytes per track%n", clients, hits, detector.tracked(),
                (after - before) / (double) clients);
    }

    private static long used() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
