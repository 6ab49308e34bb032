package io.tocsin.servlet;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Settings;
import io.tocsin.core.ip.IpSet;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The filter's own settings, next to the core's (sources, cache) that make its
 * {@link io.tocsin.core.Checker}. Immutable; made by {@link #from(Settings)} or {@link #builder()}.
 * Each default is written once, here.
 *
 * <p>The keys of a web.xml or properties configuration are read by {@link #from(Settings)}; see
 * the README for the table of keys and defaults.
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

    static final boolean DEFAULT_ENABLED = true;
    static final Mode DEFAULT_MODE = Mode.BANNER;
    static final ForwardedHeader DEFAULT_FORWARDED_HEADER = ForwardedHeader.AUTO;
    static final Duration DEFAULT_LOOKUP_BUDGET = Duration.ofMillis(50);
    static final Duration DEFAULT_ACK_TTL = Duration.ofHours(24);
    static final String DEFAULT_PATH = "/_tocsin";
    static final int DEFAULT_SCAN_LIMIT = 64 * 1024;

    static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    static final Pattern ALLOW_PATTERN = Pattern.compile("/[\\x21-\\x7e]*");

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
        this.enabled = b.enabled == null ? DEFAULT_ENABLED : b.enabled;
        this.mode = b.mode == null ? DEFAULT_MODE : b.mode;
        this.trustedProxies = b.trustedProxies == null ? IpSet.empty() : b.trustedProxies;
        this.forwardedHeader = b.forwardedHeader == null ? DEFAULT_FORWARDED_HEADER : b.forwardedHeader;
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
     * The filter settings among {@code settings} (the keys are listed in {@code FilterSettings} and the
     * README); marks their keys known, so call {@link Settings#rejectUnknown()} only after every
     * reader has run.
     *
     * @throws ConfigException naming the first bad key and value
     */
    public static FilterOptions from(Settings settings) {
        return FilterSettings.builder(settings).build();
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
