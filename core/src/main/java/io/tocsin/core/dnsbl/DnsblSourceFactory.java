package io.tocsin.core.dnsbl;

import io.tocsin.core.Category;
import io.tocsin.core.Source;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.core.config.SourceFactory;
import io.tocsin.core.ip.IpAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Type {@code dnsbl}: keys {@code zone}, {@code preset}, {@code codes}, {@code category},
 * {@code servers}, {@code timeout}, {@code txt}, {@code ipv6}, {@code health-check},
 * {@code health-interval}, {@code lookup-url}, and for http:BL {@code access-key}, {@code max-age-days}, {@code min-threat}.
 */
public final class DnsblSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "dnsbl";
    }

    @Override
    public Source create(String name, Settings s) {
        DnsblSource.Builder builder = DnsblSource.builder(name);
        DnsblPreset preset = null;
        String presetText = s.string("preset");
        if (presetText != null) {
            try {
                preset = DnsblPreset.of(presetText);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.key("preset"), presetText, "is not a preset (allowed: spamhaus-zen, spamhaus-xbl, httpbl)");
            }
            builder.preset(preset);
        }
        String zone = s.string("zone");
        if (zone == null && preset == null) {
            throw new ConfigException(s.key("zone"), "is required for a dnsbl source without a preset");
        }
        if (zone != null) {
            try {
                builder.zone(zone);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.key("zone"), zone, "is not a DNS zone name");
            }
        }
        Category category = s.category("category", null);
        String codes = s.string("codes");
        if (codes != null) {
            try {
                builder.codes(ReturnCodes.parse(codes, category != null ? category : Category.INFECTED));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.key("codes"), codes, "is not a code mapping (" + e.getMessage() + ")");
            }
        }
        if (codes == null && preset == null && s.string("access-key") == null) {
            // a generic list: only the code every list uses for a listing counts until the others are mapped
            builder.codes(ReturnCodes.listedCodeOnly(category != null ? category : Category.INFECTED));
        }
        if (category != null) {
            builder.category(category);
        }
        String servers = s.string("servers");
        if (servers != null) {
            builder.servers(parseServers(s.key("servers"), servers));
        }
        builder.timeout(s.positiveDuration("timeout", DnsblSource.DEFAULT_TIMEOUT));
        builder.txt(s.bool("txt", false));
        builder.ipv6(s.bool("ipv6", true));
        if (s.has("health-check")) {
            builder.healthCheck(s.bool("health-check", true));
        }
        builder.healthInterval(s.positiveDuration("health-interval", DnsblSource.DEFAULT_HEALTH_INTERVAL));
        String accessKey = s.string("access-key");
        boolean httpBl = preset == DnsblPreset.HTTPBL || accessKey != null;
        if (httpBl) {
            if (accessKey == null || !accessKey.matches("[a-z]{12}")) {
                throw new ConfigException(s.key("access-key"), accessKey, "must be the 12 lower-case letters of an http:BL access key");
            }
            builder.httpBl(accessKey);
            builder.maxAgeDays((int) s.number("max-age-days", -1, -1, 255));
            builder.minThreat((int) s.number("min-threat", 0, 0, 255));
        } else if (s.has("max-age-days") || s.has("min-threat")) {
            throw new ConfigException(s.has("max-age-days") ? s.key("max-age-days") : s.key("min-threat"),
                    "applies only to http:BL (preset=httpbl)");
        }
        String lookupUrl = s.urlTemplate("lookup-url", null);
        if (lookupUrl != null) {
            builder.lookupUrl(lookupUrl);
        }
        try {
            return builder.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ConfigException(s.key("type"), "dnsbl", "cannot be built: " + e.getMessage());
        }
    }

    /**
     * Parses {@code host:port} entries ({@code 127.0.0.1:5353}, {@code [::1]:5353}, or an address alone
     * for port 53). Only address literals: looking a DNS server's name up would need DNS.
     */
    static List<InetSocketAddress> parseServers(String key, String text) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String host = entry;
            int port = 53;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw bad(key, text, entry);
                }
                host = entry.substring(1, close);
                String rest = entry.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw bad(key, text, entry);
                    }
                    port = port(key, text, entry, rest.substring(1));
                }
            } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
                host = entry.substring(0, entry.indexOf(':'));
                port = port(key, text, entry, entry.substring(entry.indexOf(':') + 1));
            }
            IpAddress address = IpAddress.tryParse(host);
            if (address == null) {
                throw bad(key, text, entry);
            }
            try {
                servers.add(new InetSocketAddress(java.net.InetAddress.getByAddress(address.toBytes()), port));
            } catch (java.net.UnknownHostException e) {
                throw bad(key, text, entry); // not reached: a literal's bytes are always 4 or 16
            }
        }
        if (servers.isEmpty()) {
            throw new ConfigException(key, text, "names no server");
        }
        return servers;
    }

    private static int port(String key, String text, String entry, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, text, entry);
    }

    private static ConfigException bad(String key, String text, String entry) {
        return new ConfigException(key, text, "has a bad server \"" + entry + "\" (write an IP address, optionally with :port; [::1]:5353 for IPv6)");
    }
}
