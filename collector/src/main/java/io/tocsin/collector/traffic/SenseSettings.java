package io.tocsin.collector.traffic;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpSet;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tocsin.sense.*} keys of traffic evidence.
 *
 * <table>
 * <caption>keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code tocsin.sense.beacons}</td><td>(none)</td><td>beacon hosts, as comma-separated domain suffixes</td></tr>
 * <tr><td>{@code tocsin.sense.preset}</td><td>{@code sober} when {@code beacons} is unset</td><td>built-in beacon lists, added to {@code beacons}: {@code sober}, or {@code none}</td></tr>
 * <tr><td>{@code tocsin.sense.window}</td><td>{@code 1h}</td><td>the sliding window the hits are counted and scored in</td></tr>
 * <tr><td>{@code tocsin.sense.min-hits}</td><td>{@code 12}</td><td>hits on one beacon within the window before a client can be flagged</td></tr>
 * <tr><td>{@code tocsin.sense.min-regularity}</td><td>{@code 0.8}</td><td>the lowest {@link Regularity} score (0–1) that is flagged</td></tr>
 * <tr><td>{@code tocsin.sense.burst}</td><td>{@code 5s}</td><td>hits closer than this to the previous one are one hit</td></tr>
 * <tr><td>{@code tocsin.sense.max-clients}</td><td>{@code 100000}</td><td>tracks (client and beacon) kept at once; beyond, the one hit longest ago is evicted</td></tr>
 * <tr><td>{@code tocsin.sense.ignore-clients}</td><td>(none)</td><td>addresses and CIDRs never flagged: forwarding resolvers, monitoring</td></tr>
 * <tr><td>{@code tocsin.sense.time-zone}</td><td>the system's</td><td>zone of log time stamps written in local time</td></tr>
 * </table>
 */
public record SenseSettings(BeaconSuffixes beacons, Duration window, int minHits, double minRegularity, Duration burst,
        int maxClients, IpSet ignoreClients, ZoneId zone) {

    /** The hosts Sober downloaded its updates from (2003–2005), the traffic the idea starts from. */
    public static final List<String> SOBER = List.of(
            "people.freenet.de", "scifi.pages.at", "home.pages.at", "free.pages.at", "home.arcor.de");

    /** The keys under {@code tocsin.sense.}. */
    public static final java.util.Set<String> KEYS = java.util.Set.of(
            "beacons", "preset", "window", "min-hits", "min-regularity", "burst", "max-clients", "ignore-clients", "time-zone");

    /**
     * Fails on a {@code tocsin.sense.*} key that is not one of {@link #KEYS}: a misspelt threshold
     * would otherwise leave the default silently in place.
     *
     * @throws ConfigException naming the key
     */
    public static void rejectUnknown(Settings settings) {
        String prefix = Settings.PREFIX + "sense.";
        for (java.util.Map.Entry<String, String> e : settings.asMap().entrySet()) {
            if (e.getKey().startsWith(prefix) && !KEYS.contains(e.getKey().substring(prefix.length()))) {
                throw new ConfigException(e.getKey(), e.getValue(), "is not a known key (tocsin.sense.* keys: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
    }

    /**
     * Reads the {@code tocsin.sense.*} keys of {@code settings}.
     *
     * @throws ConfigException naming the key and value that are wrong
     */
    public static SenseSettings from(Settings settings) {
        Settings sense = settings.scope("sense.");
        List<String> hosts = new ArrayList<>();
        String beacons = sense.string("beacons");
        String preset = sense.choice("preset", beacons == null ? "sober" : "none", "sober", "none");
        if (preset.equals("sober")) {
            hosts.addAll(SOBER);
        }
        if (beacons != null) {
            for (String part : beacons.split(",")) {
                if (!part.isBlank()) {
                    hosts.add(part);
                }
            }
        }
        BeaconSuffixes suffixes;
        try {
            suffixes = BeaconSuffixes.of(hosts);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(sense.key("beacons"), beacons, e.getMessage());
        }
        if (suffixes.names().isEmpty()) {
            throw new ConfigException(sense.key("beacons"), "is empty and tocsin.sense.preset is none: there is nothing to look for");
        }
        Duration window = sense.positiveDuration("window", Duration.ofHours(1));
        int minHits = (int) sense.number("min-hits", 12, 3, 10_000);
        double minRegularity = sense.decimal("min-regularity", 0.8);
        if (minRegularity < 0 || minRegularity > 1) {
            throw new ConfigException(sense.key("min-regularity"), sense.string("min-regularity"), "is not between 0 and 1");
        }
        Duration burst = sense.duration("burst", Duration.ofSeconds(5));
        if (burst.compareTo(window) >= 0) {
            throw new ConfigException(sense.key("burst"), sense.string("burst"), "must be shorter than tocsin.sense.window");
        }
        int maxClients = (int) sense.number("max-clients", 100_000, 1, 100_000_000);
        IpSet ignore = sense.ipSet("ignore-clients");
        String zoneId = sense.string("time-zone");
        ZoneId zone;
        try {
            zone = zoneId == null ? ZoneId.systemDefault() : ZoneId.of(zoneId);
        } catch (DateTimeException e) {
            throw new ConfigException(sense.key("time-zone"), zoneId, "is not a time zone (examples: UTC, Europe/Berlin, +01:00)");
        }
        return new SenseSettings(suffixes, window, minHits, minRegularity, burst, maxClients, ignore, zone);
    }
}
