package io.tocsin.collector.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.core.config.Settings;
import io.tocsin.testing.traffic.Hit;
import io.tocsin.testing.traffic.LogLines;
import io.tocsin.testing.traffic.TrafficGenerator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The quality of beacon detection with the default settings, as a table: generated, seeded traffic of
 * six hours per case, written as a BIND query log and read back by {@code sense}'s reader. Each case
 * knows which of its clients are infected; precision and recall are printed (and copied into
 * docs/TRAFFIC.md). People, heavy users and background must never be flagged.
 */
class BeaconQualityTest {

    static final long START = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();
    static final long END = START + 6 * 3_600_000L;

    /** One row of the table: the clients the case's traffic has, and which of them are infected. */
    record Case(String name, Set<String> infected, Set<String> clients, List<Hit> hits) {
    }

    /** The cases of the table, each generated from its own seed. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(infected("infected, 60 s ± 0 %", 1, 60_000, 0.0, 0.0));
        cases.add(infected("infected, 60 s ± 10 %", 2, 60_000, 0.10, 0.0));
        cases.add(infected("infected, 60 s ± 30 %", 3, 60_000, 0.30, 0.0));
        cases.add(infected("infected, 300 s ± 10 %", 4, 300_000, 0.10, 0.0));
        cases.add(infected("infected, 20 s ± 20 %, 10 % missed", 5, 20_000, 0.20, 0.10));
        cases.add(infected("infected, 120 s ± 15 %, 25 % missed", 6, 120_000, 0.15, 0.25));
        cases.add(infected("infected, 60 s ± 50 %", 7, 60_000, 0.50, 0.0));

        TrafficGenerator people = new TrafficGenerator(10, START, END);
        Set<String> peopleClients = new HashSet<>();
        for (int i = 1; i <= 200; i++) {
            String client = "198.51.100." + i;
            peopleClients.add(client);
            people.person(client, SenseSettings.SOBER.get(i % 5), 1 + i % 10);
        }
        cases.add(new Case("people, 1–10 visits", Set.of(), peopleClients, people.hits()));

        TrafficGenerator heavy = new TrafficGenerator(11, START, END);
        Set<String> heavyClients = new HashSet<>();
        for (int i = 1; i <= 60; i++) {
            String client = "203.0.113." + i;
            heavyClients.add(client);
            heavy.heavyUser(client, "home.arcor.de");
        }
        cases.add(new Case("heavy users of home.arcor.de", Set.of(), heavyClients, heavy.hits()));

        TrafficGenerator nat = new TrafficGenerator(12, START, END);
        Set<String> natClients = new HashSet<>();
        for (int i = 1; i <= 10; i++) {
            String client = "203.0.113." + (200 + i);
            natClients.add(client);
            nat.infected(client, "home.arcor.de", 60_000, 0.10, 0.0);
            nat.person(client, "home.arcor.de", 5);
            nat.person(client, "people.freenet.de", 5);
            if (i % 2 == 0) {
                nat.heavyUser(client, "home.arcor.de");
            }
        }
        cases.add(new Case("NAT: one infected, people, a heavy user", natClients, natClients, nat.hits()));

        TrafficGenerator noise = new TrafficGenerator(13, START, END);
        Set<String> noiseClients = new HashSet<>();
        List<String> names = List.of("www.example.com", "arcor.de", "www.arcor.de", "freenet.de", "pages.at", "xhome.arcor.de",
                "people.freenet.de.example.net", "mail.example.org", "cdn.example.net");
        for (int i = 1; i <= 300; i++) {
            String client = "2001:db8:1::" + Integer.toHexString(i);
            noiseClients.add(client);
            noise.background(client, names, 200);
        }
        for (int i = 1; i <= 20; i++) {
            String client = "2001:db8:2::" + Integer.toHexString(i);
            noiseClients.add(client);
            noise.poller(client, i % 2 == 0 ? "pool.ntp.org" : "update.example.com", 64_000, 0.02);
            noise.poller(client, "arcor.de", 60_000, 0.0);
        }
        cases.add(new Case("background: other names, NTP, update checks", Set.of(), noiseClients, noise.hits()));
        return cases;
    }

    private static Case infected(String name, long seed, long period, double jitter, double missed) {
        TrafficGenerator generator = new TrafficGenerator(seed, START, END);
        Set<String> clients = new HashSet<>();
        for (int i = 1; i <= 8; i++) {
            String client = i <= 6 ? "192.0.2." + (seed * 10 + i) : "2001:db8::" + Long.toHexString(seed * 16 + i);
            clients.add(client);
            generator.infected(client, SenseSettings.SOBER.get((int) (i % 5)), period, jitter, missed);
        }
        return new Case(name, clients, clients, generator.hits());
    }

    /**
     * The recall each case must keep: all of the clear beacons; what the score gives up by design on
     * the others (see {@link Regularity}): many missed beats, ±50 % jitter, people's hits mixed in.
     */
    private static double minRecall(String name) {
        if (name.contains("25 % missed") || name.contains("± 50 %")) {
            return 0.25;
        }
        return name.startsWith("NAT") ? 0.5 : 1.0;
    }

    static SenseSettings defaults() {
        return SenseSettings.from(Settings.of(Map.of("tocsin.sense.time-zone", "UTC")));
    }

    /** The clients {@code sense} flags in the case's traffic, written as a BIND query log. */
    static Set<String> flagged(Case c) throws Exception {
        StringBuilder log = new StringBuilder();
        for (Hit hit : c.hits()) {
            log.append(LogLines.BIND.line(hit)).append('\n');
        }
        Set<String> flagged = new HashSet<>();
        Consumer<BeaconFlag> out = flag -> {
            flagged.add(flag.ip().toString());
            if (System.getenv("SENSE_DEBUG") != null && !c.infected().contains(flag.ip().toString())) {
                System.out.println(c.name() + ": " + flag);
                c.hits().stream().filter(h -> h.client().equals(flag.ip().toString()) && h.time() >= flag.first().toEpochMilli() - 1000 && h.time() <= flag.last().toEpochMilli())
                        .forEach(h -> System.out.print((h.time() - flag.first().toEpochMilli()) / 1000 + " "));
                System.out.println();
            }
        };
        TrafficSensor sensor = new TrafficSensor(defaults(), LogFormat.BIND, out);
        sensor.read(c.name(), new ByteArrayInputStream(log.toString().getBytes(StandardCharsets.US_ASCII)), Instant.ofEpochMilli(END));
        assertThat(sensor.summary().malformed()).as("malformed lines in %s", c.name()).isZero();
        return flagged;
    }

    @Test
    void qualityTable() throws Exception {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n| case | clients | infected | flagged | true pos. | false pos. | precision | recall |%n"));
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, double[]> results = new java.util.LinkedHashMap<>();
        for (Case c : cases()) {
            Set<String> flagged = flagged(c);
            assertThat(c.clients()).as("flagged clients of %s are clients of the case", c.name()).containsAll(flagged);
            long tp = flagged.stream().filter(c.infected()::contains).count();
            long fp = flagged.size() - tp;
            String precision = flagged.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f", (double) tp / flagged.size());
            String recall = c.infected().isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f", (double) tp / c.infected().size());
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %s | %s |%n",
                    c.name(), c.clients().size(), c.infected().size(), flagged.size(), tp, fp, precision, recall));
            results.put(c.name(), new double[] {tp, fp, c.infected().size()});
        }
        System.out.println(table);

        for (Map.Entry<String, double[]> r : results.entrySet()) {
            String name = r.getKey();
            double tp = r.getValue()[0];
            double fp = r.getValue()[1];
            double positives = r.getValue()[2];
            assertThat(fp).as("false positives in %s%s", name, table).isZero();
            if (positives > 0) {
                assertThat(tp / positives).as("recall of %s%s", name, table).isGreaterThanOrEqualTo(minRecall(name));
            }
        }
    }
}
