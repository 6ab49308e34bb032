package io.tocsin.testing.traffic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cases of the beacon-detection quality table, shared by the unit test that prints the table
 * and the end-to-end test of {@code sense}: six hours of seeded traffic each, from infected machines
 * (several periods, jitters and missed beats), people, heavy users of a shared hosting domain, NAT
 * addresses carrying both, and background.
 */
public final class TrafficCases {

    /** Sober's update hosts. */
    public static final List<String> SOBER = List.of("people.freenet.de", "scifi.pages.at", "home.pages.at", "free.pages.at", "home.arcor.de");

    private TrafficCases() {
    }

    /** Where the traffic of cases starting at {@code start} ends: six hours on. */
    public static long end(long start) {
        return start + 6 * 3_600_000L;
    }

    /** One row of the table: the clients the case's traffic has, and which of them are infected. */
    public record Case(String name, Set<String> infected, Set<String> clients, List<Hit> hits) {
    }

    /** The cases of the table, each generated from its own seed. */
    public static List<Case> all(long start) {
        long end = end(start);
        List<Case> cases = new ArrayList<>();
        cases.add(infected(start, end, "infected, 60 s ± 0 %", 1, 60_000, 0.0, 0.0));
        cases.add(infected(start, end, "infected, 60 s ± 10 %", 2, 60_000, 0.10, 0.0));
        cases.add(infected(start, end, "infected, 60 s ± 30 %", 3, 60_000, 0.30, 0.0));
        cases.add(infected(start, end, "infected, 300 s ± 10 %", 4, 300_000, 0.10, 0.0));
        cases.add(infected(start, end, "infected, 20 s ± 20 %, 10 % missed", 5, 20_000, 0.20, 0.10));
        cases.add(infected(start, end, "infected, 120 s ± 15 %, 25 % missed", 6, 120_000, 0.15, 0.25));
        cases.add(infected(start, end, "infected, 60 s ± 50 %", 7, 60_000, 0.50, 0.0));

        TrafficGenerator people = new TrafficGenerator(10, start, end);
        Set<String> peopleClients = new HashSet<>();
        for (int i = 1; i <= 200; i++) {
            String client = "198.51.100." + i;
            peopleClients.add(client);
            people.person(client, SOBER.get(i % 5), 1 + i % 10);
        }
        cases.add(new Case("people, 1–10 visits", Set.of(), peopleClients, people.hits()));

        TrafficGenerator heavy = new TrafficGenerator(11, start, end);
        Set<String> heavyClients = new HashSet<>();
        for (int i = 1; i <= 60; i++) {
            String client = "203.0.113." + i;
            heavyClients.add(client);
            heavy.heavyUser(client, "home.arcor.de");
        }
        cases.add(new Case("heavy users of home.arcor.de", Set.of(), heavyClients, heavy.hits()));

        TrafficGenerator nat = new TrafficGenerator(12, start, end);
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

        TrafficGenerator noise = new TrafficGenerator(13, start, end);
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

    private static Case infected(long start, long end, String name, long seed, long period, double jitter, double missed) {
        TrafficGenerator generator = new TrafficGenerator(seed, start, end);
        Set<String> clients = new HashSet<>();
        for (int i = 1; i <= 8; i++) {
            String client = i <= 6 ? "192.0.2." + (seed * 10 + i) : "2001:db8::" + Long.toHexString(seed * 16 + i);
            clients.add(client);
            generator.infected(client, SOBER.get((int) (i % 5)), period, jitter, missed);
        }
        return new Case(name, clients, clients, generator.hits());
    }

}
