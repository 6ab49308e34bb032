package io.tocsin.collector.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A flood of ten million distinct clients does not exhaust a 96 MiB heap: tracks beyond
 * {@code tocsin.sense.max-clients} are evicted, counted and reported, and a client that beacons among
 * the flood is still found when the bound leaves room for it.
 */
class ClientFloodIT {

    private static List<String> run(long clients, int maxClients) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx96m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                FloodMain.class.getName(), Long.toString(clients), Integer.toString(maxClients))
                .redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return List.of(text.split("\n"));
    }

    @Test
    void tenMillionDistinctClientsStayWithinTheBoundAndAreReported() throws Exception {
        List<String> out = run(10_000_000, 200_000);
        // 61 lines come from the beaconing client, so 9,999,940 tracks in all; 166,666 of them a minute
        assertThat(out.get(0)).as(String.join("\n", out)).contains("10000000 lines (10000000 queries, 0 other, 0 malformed)")
                .contains("9799940 client tracks evicted to stay within tocsin.sense.max-clients=200000");
        assertThat(out).contains("tracked 200000");
        // fewer new clients a minute than the bound: the beaconing client's track survives, and it is found
        assertThat(out).contains("flagged 192.0.2.66");
    }
}
