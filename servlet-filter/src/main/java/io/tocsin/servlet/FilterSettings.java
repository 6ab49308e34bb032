package io.tocsin.servlet;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Settings;
import io.tocsin.servlet.FilterOptions.ForwardedHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the filter's configuration keys into a {@link FilterOptions.Builder}, as the core's
 * {@code CheckerSettings} reads its keys into a {@code Checker.Builder}; the defaults are
 * {@link FilterOptions}'s.
 *
 * <table>
 *   <caption>Keys read here</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code tocsin.enabled}</td><td>{@code true}</td><td>whether the filter does anything</td></tr>
 *   <tr><td>{@code tocsin.mode}</td><td>{@code banner}</td><td>{@code banner}, {@code interstitial}, {@code block} or {@code observe}</td></tr>
 *   <tr><td>{@code tocsin.trusted-proxies}</td><td>(none)</td><td>IPs and CIDRs whose forwarded headers are believed</td></tr>
 *   <tr><td>{@code tocsin.forwarded-header}</td><td>{@code auto}</td><td>which forwarded header a trusted proxy sets:
 *       {@code x-forwarded-for}, {@code forwarded}, or {@code auto} (X-Forwarded-For when present, else Forwarded)</td></tr>
 *   <tr><td>{@code tocsin.lookup-budget}</td><td>{@code 50ms}</td><td>longest a request waits for an uncached verdict</td></tr>
 *   <tr><td>{@code tocsin.path}</td><td>{@code /_tocsin}</td><td>path prefix of Tocsin's own endpoints</td></tr>
 *   <tr><td>{@code tocsin.ack-ttl}</td><td>{@code 24h}</td><td>how long an acknowledged notice stays hidden</td></tr>
 *   <tr><td>{@code tocsin.ack-secret}</td><td>random per start</td><td>HMAC key of the ack cookie; set it when several nodes serve one site</td></tr>
 *   <tr><td>{@code tocsin.block.allow}</td><td>(none)</td><td>comma list of path patterns served to listed visitors in block mode,
 *       e.g. {@code /help/**, /favicon.ico}</td></tr>
 *   <tr><td>{@code tocsin.templates}</td><td>built in</td><td>a folder, or {@code classpath:} prefix, holding any of
 *       {@code notice.html}, {@code banner.html}, {@code listing.html}, {@code tocsin.css} to use instead of the built-in ones</td></tr>
 *   <tr><td>{@code tocsin.site-name}</td><td>(none)</td><td>the site's name, shown on the notice page</td></tr>
 *   <tr><td>{@code tocsin.support-contact}</td><td>(none)</td><td>an e-mail address, {@code https:} URL or text shown on the
 *       notice page under "Need help?"</td></tr>
 *   <tr><td>{@code tocsin.brand.links}</td><td>(none)</td><td>comma list of {@code Title|URL} links shown there too
 *       ({@code https:} URLs or paths on the site)</td></tr>
 *   <tr><td>{@code tocsin.brand.logo}</td><td>(none)</td><td>a path on the site of a logo shown atop the notice page</td></tr>
 *   <tr><td>{@code tocsin.brand.color}</td><td>blue</td><td>accent colour of the notice page, {@code #rgb} or {@code #rrggbb}</td></tr>
 *   <tr><td>{@code tocsin.banner.scan-limit}</td><td>{@code 64KiB} (65536)</td><td>bytes searched for the opening body tag
 *       before a page is passed through without a banner</td></tr>
 * </table>
 */
final class FilterSettings {

    private FilterSettings() {
    }

    /**
     * A builder holding the filter settings among {@code settings}; marks their keys known, so call
     * {@link Settings#rejectUnknown()} only after every reader has run.
     *
     * @throws ConfigException naming the first bad key and value
     */
    static FilterOptions.Builder builder(Settings settings) {
        FilterOptions.Builder b = FilterOptions.builder();
        b.enabled(settings.bool("enabled", FilterOptions.DEFAULT_ENABLED));
        String mode = settings.choice("mode", FilterOptions.DEFAULT_MODE.id(),
                Arrays.stream(Mode.values()).map(Mode::id).toArray(String[]::new));
        b.mode(Mode.of(mode));
        b.trustedProxies(settings.ipSet("trusted-proxies"));
        String header = settings.choice("forwarded-header", FilterOptions.DEFAULT_FORWARDED_HEADER.id(),
                Arrays.stream(ForwardedHeader.values()).map(ForwardedHeader::id).toArray(String[]::new));
        b.forwardedHeader(ForwardedHeader.valueOf(header.toUpperCase(Locale.ROOT).replace('-', '_')));
        b.lookupBudget(settings.duration("lookup-budget", FilterOptions.DEFAULT_LOOKUP_BUDGET));
        String path = settings.string("path", FilterOptions.DEFAULT_PATH);
        if (!FilterOptions.PATH.matcher(path).matches()) {
            throw new ConfigException(settings.key("path"), path,
                    "is not a path prefix (like /_tocsin: starts with '/', no trailing '/', letters, digits, '.', '_', '~', '-')");
        }
        b.path(path);
        b.ackTtl(settings.positiveDuration("ack-ttl", FilterOptions.DEFAULT_ACK_TTL));
        String secret = settings.string("ack-secret");
        if (secret != null) {
            b.ackSecret(secret);
        }
        String allow = settings.string("block.allow");
        if (allow != null) {
            List<String> patterns = new ArrayList<>();
            for (String p : allow.split("[,\\s]+")) {
                if (p.isEmpty()) {
                    continue;
                }
                if (!FilterOptions.ALLOW_PATTERN.matcher(p).matches()) {
                    throw new ConfigException(settings.key("block.allow"), allow,
                            "has a pattern that is not a path starting with '/': " + p);
                }
                patterns.add(p);
            }
            b.blockAllow(patterns);
        }
        b.templates(settings.string("templates"));
        b.siteName(settings.string("site-name"));
        b.branding(branding(settings));
        b.scanLimit((int) settings.number("banner.scan-limit", FilterOptions.DEFAULT_SCAN_LIMIT, 1024, 16 * 1024 * 1024));
        return b;
    }

    /** The operator's branding keys; each list's lookup page comes from its source. */
    private static Branding branding(Settings settings) {
        List<Branding.Link> links = new ArrayList<>();
        String linkList = settings.string("brand.links");
        if (linkList != null) {
            for (String entry : linkList.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int bar = entry.lastIndexOf('|');
                try {
                    if (bar < 0) {
                        throw new IllegalArgumentException("expected Title|URL: " + entry.strip());
                    }
                    links.add(new Branding.Link(entry.substring(0, bar).strip(), entry.substring(bar + 1).strip()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(settings.key("brand.links"), linkList, "has a bad link: " + e.getMessage());
                }
            }
        }
        String logo = settings.string("brand.logo");
        String color = settings.string("brand.color");
        try {
            new Branding(null, logo, null, List.of(), Map.of());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(settings.key("brand.logo"), logo, "is not a path on this site (like /img/logo.svg)");
        }
        try {
            new Branding(null, null, color, List.of(), Map.of());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(settings.key("brand.color"), color, "is not a colour like #0b5394 or #fff");
        }
        return new Branding(settings.string("support-contact"), logo, color, links, Map.of());
    }
}
