/**
 * Tocsin's core: looks IP addresses up in lists of infected hosts (DNSBLs, reputation APIs, feeds)
 * and caches the verdicts. Start at {@link io.tocsin.core.Checker}, or at
 * {@link io.tocsin.core.config.CheckerSettings} to configure one from {@code tocsin.*} keys.
 *
 * <p>Exported: the checker and its results, addresses, configuration, the JSON form of a verdict, and
 * the built-in sources that code may hold: DNSBL and list sources (with their builders) and feeds
 * (to reload one). Not exported, so free to change in any release: the HTTP plumbing the sources
 * share ({@code io.tocsin.core.http}) and the sources made only from configuration
 * ({@code crowdsec}, {@code abuseipdb}, {@code httpjson}). Further source types are
 * {@link io.tocsin.core.config.SourceFactory} services, and modules such as tocsin-redis extend a
 * checker built from settings as {@link io.tocsin.core.config.CheckerExtension} services.
 */
module io.tocsin.core {
    requires transitive com.github.benmanes.caffeine; // Checker.Builder takes its Ticker and StatsCounter
    requires org.dnsjava;
    requires okhttp3;
    requires tools.jackson.databind;
    requires org.slf4j;
    requires java.logging; // quiets OkHttp's own task logger (HttpClients)

    exports io.tocsin.core;
    exports io.tocsin.core.config;
    exports io.tocsin.core.ip;
    exports io.tocsin.core.json;
    exports io.tocsin.core.dnsbl;
    exports io.tocsin.core.list;
    exports io.tocsin.core.feed;
    // crowdsec, abuseipdb and httpjson are made from configuration only: their factories are
    // services, so nothing there is exported

    uses io.tocsin.core.config.SourceFactory;
    uses io.tocsin.core.config.CheckerExtension; // e.g. tocsin-redis: shared verdicts and rate limits

    provides io.tocsin.core.config.SourceFactory with
            io.tocsin.core.dnsbl.DnsblSourceFactory,
            io.tocsin.core.list.ListSourceFactory,
            io.tocsin.core.crowdsec.CrowdsecSourceFactory,
            io.tocsin.core.abuseipdb.AbuseIpDbSourceFactory,
            io.tocsin.core.httpjson.HttpJsonSourceFactory,
            io.tocsin.core.feed.FeedSourceFactory;
}
