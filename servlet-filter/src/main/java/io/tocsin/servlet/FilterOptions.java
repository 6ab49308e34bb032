package io.tocsin.servlet;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpSet;
import io.tocsin.servlet.notice.Branding;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The filter's own settings, next to the core's (sources, cache) that make its
 * {@link io.tocsin.core.Checker}. Immutable; made by {@link #from(Settings)} or {@link #builder()}.
 *
 * <table>
 *   <caption>Keys read by {@link #from(Settings)}</caption>
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
public final class FilterOptions {

    /** Which header a trusted proxy uses to pass the client's address on. */
    public enum ForwardedHeader {
        /** {@code X-Forwarded-For} when the request has one, else RFC 7239 {@code Forwarded}. */
        AUTO,
        /** Only {@code X-Forwarded-For}. */
        X_FORWARDED_FOR,
        /** Only RFC 7239 {@code Forwarded: for=}. */
        FORWARDED;

        /** The configuration value, e.g. {@code x-forwarded-for}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final Duration DEFAULT_LOOKUP_BUDGET = Duration.ofMillis(50);
    static final Duration DEFAULT_ACK_TTL = Duration.ofHours(24);
    static final String DEFAULT_PATH = "/_tocsin";
    static final int DEFAULT_SCAN_LIMIT = 64 * 1024;

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final Pattern ALLOW_PATTERN = Pattern.compile("/[\\x21-\\x7e]*");

    private final boolean enabled;
    private final Mode mode;
    private final IpSet trustedProxies;
    private final ForwardedHeader forwardedHeader;
    private final Duration lookupBudget;
    private final String path;
    private final Duration ackTtl;
    private final byte[] ackSecret;
    private final boolean ackSecretGiven;
    private final List<String> blockAllow;
    private final String templates;
    private final String siteName;
    private final Branding branding;
    private final int scanLimit;
    private final NoticeListener noticeListener;
    private final Clock clock;

    private FilterOptions(Builder b) {
        this.enabled = b.enabled == null || b.enabled;
        this.mode = b.mode == null ? Mode.BANNER : b.mode;
        this.trustedProxies = b.trustedProxies == null ? IpSet.empty() : b.trustedProxies;
        this.forwardedHeader = b.forwardedHeader == null ? ForwardedHeader.AUTO : b.forwardedHeader;
        this.lookupBudget = b.lookupBudget == null ? DEFAULT_LOOKUP_BUDGET : b.lookupBudget;
        this.path = b.path == null ? DEFAULT_PATH : b.path;
        this.ackTtl = b.ackTtl == null ? DEFAULT_ACK_TTL : b.ackTtl;
        this.ackSecretGiven = b.ackSecret != null;
        this.ackSecret = b.ackSecret != null ? b.ackSecret.clone() : randomSecret();
        this.blockAllow = b.blockAllow == null ? List.of() : List.copyOf(b.blockAllow);
        this.templates = b.templates;
        this.siteName = b.siteName;
        this.branding = b.branding == null ? Branding.NONE : b.branding;
        this.scanLimit = b.scanLimit == null ? DEFAULT_SCAN_LIMIT : b.scanLimit;
        this.noticeListener = b.noticeListener == null ? NoticeListener.NONE : b.noticeListener;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    }

    /** A copy of {@code other} (its ack secret included) with {@code listener}. */
    private FilterOptions(FilterOptions other, NoticeListener listener) {
        this.enabled = other.enabled;
        this.mode = other.mode;
        this.trustedProxies = other.trustedProxies;
        this.forwardedHeader = other.forwardedHeader;
        this.lookupBudget = other.lookupBudget;
        this.path = other.path;
        this.ackTtl = other.ackTtl;
        this.ackSecret = other.ackSecret;
        this.ackSecretGiven = other.ackSecretGiven;
        this.blockAllow = other.blockAllow;
        this.templates = other.templates;
        this.siteName = other.siteName;
        this.branding = other.branding;
        this.scanLimit = other.scanLimit;
        this.noticeListener = Objects.requireNonNull(listener, "listener");
        this.clock = other.clock;
    }

    /**
     * These options with another notice listener, e.g. a metrics binding added to options read by
     * {@link #from(Settings)}; everything else, the ack secret included, stays the same.
     */
    public FilterOptions withNoticeListener(NoticeListener listener) {
        return new FilterOptions(this, listener);
    }

    /**
     * The filter settings among {@code settings}; marks their keys known, so call
     * {@link Settings#rejectUnknown()} only after every reader has run.
     *
     * @throws ConfigException naming the first bad key and value
     */
    public static FilterOptions from(Settings settings) {
        Builder b = builder();
        b.enabled(settings.bool("enabled", true));
        String mode = settings.choice("mode", "banner", "banner", "interstitial", "block", "observe");
        b.mode(Mode.of(mode));
        b.trustedProxies(settings.ipSet("trusted-proxies"));
        String header = settings.choice("forwarded-header", "auto", "auto", "x-forwarded-for", "forwarded");
        b.forwardedHeader(ForwardedHeader.valueOf(header.toUpperCase(Locale.ROOT).replace('-', '_')));
        b.lookupBudget(settings.duration("lookup-budget", DEFAULT_LOOKUP_BUDGET));
        String path = settings.string("path", DEFAULT_PATH);
        if (!PATH.matcher(path).matches()) {
            throw new ConfigException(settings.key("path"), path,
                    "is not a path prefix (like /_tocsin: starts with '/', no trailing '/', letters, digits, '.', '_', '~', '-')");
        }
        b.path(path);
        b.ackTtl(settings.positiveDuration("ack-ttl", DEFAULT_ACK_TTL));
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
                if (!ALLOW_PATTERN.matcher(p).matches()) {
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
        b.scanLimit((int) settings.number("banner.scan-limit", DEFAULT_SCAN_LIMIT, 1024, 16 * 1024 * 1024));
        return b.build();
    }

    /** The operator's branding keys, and the list operators' lookup pages of the configured sources. */
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

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the filter does anything; when false every request passes straight through. */
    public boolean enabled() {
        return enabled;
    }

    public Mode mode() {
        return mode;
    }

    /** The peers whose forwarded headers are believed; empty means none. */
    public IpSet trustedProxies() {
        return trustedProxies;
    }

    public ForwardedHeader forwardedHeader() {
        return forwardedHeader;
    }

    /** The longest a request waits for a verdict that is not cached. */
    public Duration lookupBudget() {
        return lookupBudget;
    }

    /** The path prefix of Tocsin's endpoints within the web application, e.g. {@code /_tocsin}. */
    public String path() {
        return path;
    }

    public Duration ackTtl() {
        return ackTtl;
    }

    /** The HMAC key of the ack cookie (a copy). */
    public byte[] ackSecret() {
        return ackSecret.clone();
    }

    /** Whether {@link #ackSecret()} was configured rather than made up at start. */
    public boolean ackSecretGiven() {
        return ackSecretGiven;
    }

    /** Path patterns still served to listed visitors in block mode: {@code *} within a segment, {@code **} across segments. */
    public List<String> blockAllow() {
        return blockAllow;
    }

    /** Where operator templates are ({@code classpath:} prefix or folder), or {@code null} for the built-in ones. */
    public String templates() {
        return templates;
    }

    /** The site's name for the notice page, or {@code null}. */
    public String siteName() {
        return siteName;
    }

    /** The operator's support contact, links, logo and colour, and the lists' lookup pages. */
    public Branding branding() {
        return branding;
    }

    /** How many bytes of a page are searched for its opening body tag. */
    public int scanLimit() {
        return scanLimit;
    }

    public NoticeListener noticeListener() {
        return noticeListener;
    }

    /** The wall clock for ack cookie expiry. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "FilterOptions{enabled=" + enabled + ", mode=" + mode + ", trustedProxies=" + trustedProxies
                + ", forwardedHeader=" + forwardedHeader.id() + ", lookupBudget=" + Durations.format(lookupBudget)
                + ", path=" + path + ", ackTtl=" + Durations.format(ackTtl) + ", ackSecret=" + (ackSecretGiven ? "(set)" : "(random)")
                + ", blockAllow=" + blockAllow + (templates == null ? "" : ", templates=" + templates)
                + (siteName == null ? "" : ", siteName=" + siteName)
                + (branding.equals(Branding.NONE) ? "" : ", branding=" + branding) + ", scanLimit=" + scanLimit + "}";
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** Builds {@link FilterOptions}; each setting may be given once, unset ones take the defaults above. */
    public static final class Builder {
        private Boolean enabled;
        private Mode mode;
        private IpSet trustedProxies;
        private ForwardedHeader forwardedHeader;
        private Duration lookupBudget;
        private String path;
        private Duration ackTtl;
        private byte[] ackSecret;
        private List<String> blockAllow;
        private String templates;
        private String siteName;
        private Branding branding;
        private Integer scanLimit;
        private NoticeListener noticeListener;
        private Clock clock;

        private Builder() {
        }

        public Builder enabled(boolean enabled) {
            requireUnset(this.enabled, "enabled");
            this.enabled = enabled;
            return this;
        }

        public Builder mode(Mode mode) {
            requireUnset(this.mode, "mode");
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder trustedProxies(IpSet trustedProxies) {
            requireUnset(this.trustedProxies, "trustedProxies");
            this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
            return this;
        }

        public Builder forwardedHeader(ForwardedHeader header) {
            requireUnset(this.forwardedHeader, "forwardedHeader");
            this.forwardedHeader = Objects.requireNonNull(header, "header");
            return this;
        }

        /** Zero means only cached verdicts are used on the request path. */
        public Builder lookupBudget(Duration budget) {
            requireUnset(this.lookupBudget, "lookupBudget");
            Objects.requireNonNull(budget, "lookupBudget");
            if (budget.isNegative()) {
                throw new IllegalArgumentException("lookupBudget must not be negative: " + budget);
            }
            this.lookupBudget = budget;
            return this;
        }

        public Builder path(String path) {
            requireUnset(this.path, "path");
            Objects.requireNonNull(path, "path");
            if (!PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("path must look like /_tocsin (no trailing '/'): " + path);
            }
            this.path = path;
            return this;
        }

        public Builder ackTtl(Duration ttl) {
            requireUnset(this.ackTtl, "ackTtl");
            Objects.requireNonNull(ttl, "ackTtl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ackTtl must be positive: " + ttl);
            }
            this.ackTtl = ttl;
            return this;
        }

        /** The ack cookie's HMAC key, as text (its UTF-8 bytes are the key). */
        public Builder ackSecret(String secret) {
            Objects.requireNonNull(secret, "ackSecret");
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("ackSecret must not be empty");
            }
            return ackSecret(secret.getBytes(StandardCharsets.UTF_8));
        }

        /** The ack cookie's HMAC key. */
        public Builder ackSecret(byte[] secret) {
            requireUnset(this.ackSecret, "ackSecret");
            Objects.requireNonNull(secret, "ackSecret");
            if (secret.length == 0) {
                throw new IllegalArgumentException("ackSecret must not be empty");
            }
            this.ackSecret = secret.clone();
            return this;
        }

        public Builder blockAllow(List<String> patterns) {
            requireUnset(this.blockAllow, "blockAllow");
            for (String p : patterns) {
                if (p == null || !ALLOW_PATTERN.matcher(p).matches()) {
                    throw new IllegalArgumentException("a block.allow pattern must be a path starting with '/': " + p);
                }
            }
            this.blockAllow = List.copyOf(patterns);
            return this;
        }

        /** A folder or {@code classpath:} prefix with operator templates; {@code null} for the built-in ones. */
        public Builder templates(String location) {
            requireUnset(this.templates, "templates");
            this.templates = location;
            return this;
        }

        public Builder siteName(String siteName) {
            requireUnset(this.siteName, "siteName");
            this.siteName = siteName;
            return this;
        }

        /** Support contact, links, logo and colour of the notice page, and the lists' lookup pages. */
        public Builder branding(Branding branding) {
            requireUnset(this.branding, "branding");
            this.branding = Objects.requireNonNull(branding, "branding");
            return this;
        }

        public Builder scanLimit(int bytes) {
            requireUnset(this.scanLimit, "scanLimit");
            if (bytes < 1024) {
                throw new IllegalArgumentException("scanLimit must be at least 1024: " + bytes);
            }
            this.scanLimit = bytes;
            return this;
        }

        public Builder noticeListener(NoticeListener listener) {
            requireUnset(this.noticeListener, "noticeListener");
            this.noticeListener = Objects.requireNonNull(listener, "noticeListener");
            return this;
        }

        /** The wall clock for ack cookie expiry; for tests. */
        public Builder clock(Clock clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public FilterOptions build() {
            return new FilterOptions(this);
        }

        private static void requireUnset(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
        }
    }
}
