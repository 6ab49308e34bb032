package io.tocsin.benchmarks.traffic;

import io.tocsin.collector.traffic.LogFormat;
import io.tocsin.collector.traffic.SenseSettings;
import io.tocsin.collector.traffic.TrafficSensor;
import io.tocsin.core.config.Settings;
import java.nio.file.Path;
import java.util.Map;

/**
 * Lines per second of {@code sense}'s reader and detector on one file, in process (no JVM start):
 * {@code SenseThroughput FORMAT FILE [ROUNDS]} reads the file ROUNDS times (default 3) and prints
 * each round. Whole-process figures, against {@code wc -l} and {@code grep -c}, come from timing
 * {@code java -jar tocsin-demo.jar sense --dry-run} instead (docs/PERFORMANCE.md).
 */
public final class SenseThroughput {

    private SenseThroughput() {
    }

    public static void main(String[] args) throws Exception {
        LogFormat format = LogFormat.of(args[0]);
        Path file = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        SenseSettings settings = SenseSettings.from(Settings.of(Map.of("tocsin.sense.time-zone", "UTC")));
        for (int r = 1; r <= rounds; r++) {
            long[] flagged = {0};
            TrafficSensor sensor = new TrafficSensor(settings, format, flag -> flagged[0]++);
            long t0 = System.nanoTime();
            sensor.read(file);
            double seconds = (System.nanoTime() - t0) / 1e9;
            TrafficSensor.Summary summary = sensor.summary();
            System.out.printf("round %d: %d lines in %.2f s = %.2f M lines/s (%d malformed, %d flagged)%n",
                    r, summary.lines(), seconds, summary.lines() / seconds / 1e6, summary.malformed(), flagged[0]);
        }
    }
}
