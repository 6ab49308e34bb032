package io.tocsin.publisher.dns;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.publisher.PublishCodes;
import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * How {@code serve-dns} answers, from the keys {@code tocsin.serve-dns.*} and {@code tocsin.publish.codes}:
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code tocsin.serve-dns.budget}</td><td>{@code 800ms}</td><td>longest a query waits for an uncached
 *       verdict before it is answered SERVFAIL (the lookup goes on and fills the cache)</td></tr>
 *   <tr><td>{@code tocsin.serve-dns.ttl}</td><td>{@code 5m}</td><td>TTL of answers, and of negative answers
 *       (the SOA minimum)</td></tr>
 *   <tr><td>{@code tocsin.serve-dns.rate-limit}</td><td>{@code 500}</td><td>UDP responses per second to one
 *       client network (IPv4 /24, IPv6 /56); 0 for no limit</td></tr>
 *   <tr><td>{@code tocsin.serve-dns.rate-limit.slip}</td><td>{@code 2}</td><td>of the responses over the
 *       limit, every Nth is sent empty with TC set (a real client retries over TCP), the others are
 *       dropped; 0 drops all</td></tr>
 *   <tr><td>{@code tocsin.serve-dns.tcp.idle-timeout}</td><td>{@code 10s}</td><td>a TCP connection that
 *       sends nothing this long is closed</td></tr>
 *   <tr><td>{@code tocsin.serve-dns.tcp.max-connections}</td><td>{@code 1000}</td><td>open TCP connections
 *       at most; further ones are closed at once</td></tr>
 *   <tr><td>{@code tocsin.serve-dns.threads}</td><td>number of processors</td><td>network threads</td></tr>
 * </table>
 *
 * @param zone the absolute zone name served
 * @param codes the A record per category
 * @param budget see the table
 * @param ttl see the table
 * @param rateLimit see the table
 * @param slip see the table
 * @param tcpIdleTimeout see the table
 * @param maxTcpConnections see the table
 * @param threads see the table
 */
public record ServeDnsOptions(Name zone, PublishCodes codes, Duration budget, Duration ttl, int rateLimit, int slip,
                              Duration tcpIdleTimeout, int maxTcpConnections, int threads) {

    /** The largest UDP response sent to an EDNS client (the 2020 DNS flag day's value: no IP fragmentation). */
    static final int MAX_UDP_PAYLOAD = 1232;

    public ServeDnsOptions {
        Objects.requireNonNull(zone, "zone");
        if (!zone.isAbsolute()) {
            throw new IllegalArgumentException("the zone must be absolute: " + zone);
        }
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
    }

    /** The options for {@code zone}, the rest at their defaults. */
    public static ServeDnsOptions defaults(String zone) {
        return new ServeDnsOptions(zoneName(zone), PublishCodes.defaults(), Duration.ofMillis(800), Duration.ofMinutes(5),
                500, 2, Duration.ofSeconds(10), 1000, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The options for {@code zone} from {@code settings}.
     *
     * @throws ConfigException naming the first bad key or value, or the zone
     */
    public static ServeDnsOptions from(String zone, Settings settings) {
        Settings s = settings.scope("serve-dns.");
        return new ServeDnsOptions(zoneName(zone), PublishCodes.from(settings),
                s.positiveDuration("budget", Duration.ofMillis(800)),
                ttlOf(s),
                (int) s.number("rate-limit", 500, 0, 10_000_000),
                (int) s.number("rate-limit.slip", 2, 0, 10),
                s.positiveDuration("tcp.idle-timeout", Duration.ofSeconds(10)),
                (int) s.number("tcp.max-connections", 1000, 1, 1_000_000),
                (int) s.number("threads", Runtime.getRuntime().availableProcessors(), 1, 256));
    }

    private static Duration ttlOf(Settings s) {
        Duration ttl = s.duration("ttl", Duration.ofMinutes(5));
        if (ttl.isNegative() || ttl.toSeconds() > Integer.MAX_VALUE) {
            throw new ConfigException(s.key("ttl"), s.string("ttl"), "must be between 0s and 68 years");
        }
        return ttl;
    }

    /**
     * The absolute name of {@code zone}, e.g. {@code bl.example.org}.
     *
     * @throws ConfigException naming the zone if it is not a host name
     */
    public static Name zoneName(String zone) {
        if (zone == null || zone.isBlank() || !zone.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?")) {
            throw new ConfigException("--zone", String.valueOf(zone), "is not a zone name (letters, digits and hyphens, dot-separated)");
        }
        try {
            return Name.fromString(zone.endsWith(".") ? zone : zone + ".");
        } catch (TextParseException e) {
            throw new ConfigException("--zone", zone, "is not a zone name: " + e.getMessage());
        }
    }
}
