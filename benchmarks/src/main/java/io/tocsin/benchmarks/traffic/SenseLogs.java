package io.tocsin.benchmarks.traffic;

import io.tocsin.testing.traffic.Hit;
import io.tocsin.testing.traffic.LogLines;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Writes a generated log of {@code N} lines in one format, for timing {@code sense} against
 * {@code wc -l} and {@code grep -c} on the same file: {@code SenseLogs FORMAT LINES FILE}, FORMAT one
 * of {@link LogLines}. A day of a resolver serving 20,000 clients: 99 % of the queries for
 * 100,000 ordinary names, 1 % for the Sober hosts from 1,000 clients at random moments (so every
 * hundredth line goes through the detector; none is regular enough to be flagged).
 */
public final class SenseLogs {

    private SenseLogs() {
    }

    public static void main(String[] args) throws IOException {
        LogLines format = LogLines.valueOf(args[0]);
        long lines = Long.parseLong(args[1]);
        Path file = Path.of(args[2]);
        long start = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        long step = 86_400_000L / lines;
        List<String> sober = List.of("people.freenet.de", "scifi.pages.at", "home.pages.at", "free.pages.at", "home.arcor.de");
        Random random = new Random(42);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long n = 0; n < lines; n++) {
                long time = start + n * Math.max(1, step);
                String client;
                String host;
                int r = random.nextInt(100);
                if (r == 0) {
                    int c = random.nextInt(1000);
                    client = "10.9." + (c >> 8) + "." + (c & 0xff);
                    host = sober.get(c % 5);
                } else {
                    int c = random.nextInt(20_000);
                    client = "10." + (c >> 16) + "." + (c >> 8 & 0xff) + "." + (c & 0xff);
                    host = "host" + random.nextInt(2000) + ".example" + random.nextInt(50) + ".com";
                }
                out.write(format.line(new Hit(time, client, host)).getBytes(StandardCharsets.US_ASCII));
                out.write('\n');
            }
        }
    }
}
