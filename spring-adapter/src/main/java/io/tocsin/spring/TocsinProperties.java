package io.tocsin.spring;

import io.tocsin.core.Category;
import io.tocsin.servlet.FilterOptions;
import io.tocsin.servlet.Mode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.servlet.DispatcherType;
import org.springframework.util.unit.DataSize;

/**
 * Tocsin's {@code tocsin.*} configuration keys, bound by Spring Boot. They are the same keys, with
 * the same meaning, as in a plain servlet container's init-params; the starter turns them back into
 * flat keys so that one parser reads both (see {@link #toSettingsMap()}).
 *
 * <p>Every property is {@code null} until set, and only what is set is passed on: the defaults live
 * in the core and the filter alone (the configuration metadata shows them, and a test holds the two
 * together). A source's keys are bound as they are written, {@code tocsin.sources.NAME.KEY}, for any
 * source type the core knows, including one added as a service.
 *
 * <p>Unknown keys under {@code tocsin.} fail start-up: a misspelt key would otherwise silently leave
 * a default in place.
 */
@ConfigurationProperties(prefix = "tocsin", ignoreUnknownFields = false)
public class TocsinProperties {

    /**
     * Whether Tocsin is enabled. When disabled, the starter creates no checker, filter, health
     * indicator or meters.
     */
    private Boolean enabled;

    /**
     * What a visitor whose verdict says they should be told sees: a banner in HTML pages, an
     * interstitial notice page, a block page, or nothing (observe: the verdict is only a request
     * attribute).
     */
    private Mode mode;

    /**
     * Categories of listing that trigger a notice.
     */
    private Set<Category> notifyCategories;

    /**
     * Score at which a visitor is told: the sum of the weights of the sources whose listing has a
     * notify category, plus the negative weights of allowlists that list the address. Greater than
     * zero. Default 1: with the default weights, one listing is enough.
     */
    private BigDecimal notifyThreshold;

    /**
     * Addresses and CIDR ranges of reverse proxies whose X-Forwarded-For and Forwarded headers are
     * believed when finding the visitor's address.
     */
    private List<String> trustedProxies;

    /**
     * Which header a trusted proxy uses to pass the visitor's address on: x-forwarded-for,
     * forwarded (RFC 7239), or auto (X-Forwarded-For when present, else Forwarded).
     */
    private FilterOptions.ForwardedHeader forwardedHeader;

    /**
     * Longest time a request waits for a verdict that is not cached. A lookup that takes longer
     * goes on in the background and fills the cache for the visitor's next request.
     */
    private Duration lookupBudget;

    /**
     * Longest time any source may take to answer before its answer counts as a timeout, whatever
     * its own timeout says.
     */
    private Duration lookupDeadline;

    /**
     * Maximum number of distinct addresses looked up at once. Beyond it, requests get an unknown
     * verdict (no notice).
     */
    private Integer maxInFlight;

    /**
     * Path prefix reserved for Tocsin's own endpoints: the notice page, the acknowledgement form,
     * the visitor's verdict as JSON and static assets.
     */
    private String path;

    /**
     * How long an acknowledged notice stays hidden.
     */
    private Duration ackTtl;

    /**
     * Secret key for the acknowledgement cookie's HMAC. Set it when several instances serve the
     * same site; by default a random key is made at each start.
     */
    private String ackSecret;

    /**
     * Location of templates to use instead of the built-in ones: a folder, or a "classpath:"
     * prefix, holding any of notice.html, banner.html, listing.html and tocsin.css.
     */
    private String templates;

    /**
     * Name of the site, shown on the notice page.
     */
    private String siteName;

    /**
     * Support contact shown on the notice page under "Need help?": an e-mail address, an https
     * URL, or plain text.
     */
    private String supportContact;

    private final Brand brand = new Brand();

    private final Banner banner = new Banner();

    private final Block block = new Block();

    private final Cache cache = new Cache();

    private final Redis redis = new Redis();

    private final Filter filter = new Filter();

    /**
     * Lists to look visitors up in, by name, each with its keys (type, zone, url and so on, as in
     * the README). The name appears in notices, health details and metrics.
     */
    private Map<String, Map<String, String>> sources = new LinkedHashMap<>();

    public Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Mode getMode() {
        return this.mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public BigDecimal getNotifyThreshold() {
        return this.notifyThreshold;
    }

    public void setNotifyThreshold(BigDecimal notifyThreshold) {
        this.notifyThreshold = notifyThreshold;
    }

    public Set<Category> getNotifyCategories() {
        return this.notifyCategories;
    }

    public void setNotifyCategories(Set<Category> notifyCategories) {
        this.notifyCategories = notifyCategories;
    }

    public List<String> getTrustedProxies() {
        return this.trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public FilterOptions.ForwardedHeader getForwardedHeader() {
        return this.forwardedHeader;
    }

    public void setForwardedHeader(FilterOptions.ForwardedHeader forwardedHeader) {
        this.forwardedHeader = forwardedHeader;
    }

    public Duration getLookupBudget() {
        return this.lookupBudget;
    }

    public void setLookupBudget(Duration lookupBudget) {
        this.lookupBudget = lookupBudget;
    }

    public Duration getLookupDeadline() {
        return this.lookupDeadline;
    }

    public void setLookupDeadline(Duration lookupDeadline) {
        this.lookupDeadline = lookupDeadline;
    }

    public Integer getMaxInFlight() {
        return this.maxInFlight;
    }

    public void setMaxInFlight(Integer maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public String getPath() {
        return this.path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Duration getAckTtl() {
        return this.ackTtl;
    }

    public void setAckTtl(Duration ackTtl) {
        this.ackTtl = ackTtl;
    }

    public String getAckSecret() {
        return this.ackSecret;
    }

    public void setAckSecret(String ackSecret) {
        this.ackSecret = ackSecret;
    }

    public String getTemplates() {
        return this.templates;
    }

    public void setTemplates(String templates) {
        this.templates = templates;
    }

    public String getSiteName() {
        return this.siteName;
    }

    public void setSiteName(String siteName) {
        this.siteName = siteName;
    }

    public String getSupportContact() {
        return this.supportContact;
    }

    public void setSupportContact(String supportContact) {
        this.supportContact = supportContact;
    }

    public Brand getBrand() {
        return this.brand;
    }

    public Banner getBanner() {
        return this.banner;
    }

    public Block getBlock() {
        return this.block;
    }

    public Cache getCache() {
        return this.cache;
    }

    public Redis getRedis() {
        return this.redis;
    }

    public Filter getFilter() {
        return this.filter;
    }

    public Map<String, Map<String, String>> getSources() {
        return this.sources;
    }

    public void setSources(Map<String, Map<String, String>> sources) {
        this.sources = sources;
    }

    /**
     * These properties as Tocsin's flat {@code tocsin.*} keys, ready for
     * {@link io.tocsin.core.config.Settings#of(Map)}. Unset values are left out so that the core's
     * and the filter's defaults apply; Spring-only keys ({@code tocsin.filter.*}) are not included.
     */
    public Map<String, String> toSettingsMap() {
        return SettingsMap.of(this);
    }

    /** How the notice page looks. */
    public static class Brand {

        /**
         * Path on the site of a logo shown atop the notice page, such as "/img/logo.svg".
         */
        private String logo;

        /**
         * Accent colour of the notice page, "#rgb" or "#rrggbb".
         */
        private String color;

        /**
         * Links shown on the notice page under "Need help?", each as "Title|URL" with an https
         * URL or a path on the site.
         */
        private List<String> links;

        public String getLogo() {
            return this.logo;
        }

        public void setLogo(String logo) {
            this.logo = logo;
        }

        public String getColor() {
            return this.color;
        }

        public void setColor(String color) {
            this.color = color;
        }

        public List<String> getLinks() {
            return this.links;
        }

        public void setLinks(List<String> links) {
            this.links = links;
        }
    }

    /** Banner mode. */
    public static class Banner {

        /**
         * How much of a page is searched for its opening body tag before the page is passed
         * through without a banner.
         */
        private DataSize scanLimit;

        public DataSize getScanLimit() {
            return this.scanLimit;
        }

        public void setScanLimit(DataSize scanLimit) {
            this.scanLimit = scanLimit;
        }
    }

    /** Block mode. */
    public static class Block {

        /**
         * Path patterns still served to listed visitors in block mode, such as a contact page or
         * the stylesheet it needs.
         */
        private List<String> allow;

        public List<String> getAllow() {
            return this.allow;
        }

        public void setAllow(List<String> allow) {
            this.allow = allow;
        }
    }

    /** A farm of nodes sharing verdicts, rate limits and evidence through Redis (with tocsin-redis). */
    public static class Redis {

        /**
         * Where Redis is: "redis://[user:password@]host:port[/db]", "rediss://" for TLS, or a
         * "redis-sentinel://" URI. Unset: an application's own Lettuce RedisClient bean, if any, is
         * used, else the Lettuce client of its Spring Data LettuceConnectionFactory; otherwise each
         * node works alone.
         */
        private String url;

        /**
         * Whether the url names a node of a Redis Cluster.
         */
        private Boolean cluster;

        /**
         * Prefix of every key Tocsin writes, one per farm.
         */
        private String keyPrefix;

        /**
         * Longest a request waits on one Redis command before the node goes on alone.
         */
        private Duration timeout;

        /**
         * How long a node looking an address up keeps the other nodes waiting for its verdict.
         */
        private Duration lease;

        /**
         * How many evidence reports are kept while Redis is away, to be written once it is back.
         */
        private Integer replayBuffer;

        public String getUrl() {
            return this.url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public Boolean getCluster() {
            return this.cluster;
        }

        public void setCluster(Boolean cluster) {
            this.cluster = cluster;
        }

        public String getKeyPrefix() {
            return this.keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getLease() {
            return this.lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public Integer getReplayBuffer() {
            return this.replayBuffer;
        }

        public void setReplayBuffer(Integer replayBuffer) {
            this.replayBuffer = replayBuffer;
        }
    }

    /** The verdict cache. */
    public static class Cache {

        /**
         * Maximum number of verdicts kept.
         */
        private Long maxSize;

        /**
         * How long a verdict that lists the visitor is kept.
         */
        private Duration listedTtl;

        /**
         * How long a verdict is kept when every source answered and none lists the visitor.
         */
        private Duration cleanTtl;

        /**
         * How long a verdict is kept when some source failed and none lists the visitor.
         */
        private Duration errorTtl;

        public Long getMaxSize() {
            return this.maxSize;
        }

        public void setMaxSize(Long maxSize) {
            this.maxSize = maxSize;
        }

        public Duration getListedTtl() {
            return this.listedTtl;
        }

        public void setListedTtl(Duration listedTtl) {
            this.listedTtl = listedTtl;
        }

        public Duration getCleanTtl() {
            return this.cleanTtl;
        }

        public void setCleanTtl(Duration cleanTtl) {
            this.cleanTtl = cleanTtl;
        }

        public Duration getErrorTtl() {
            return this.errorTtl;
        }

        public void setErrorTtl(Duration errorTtl) {
            this.errorTtl = errorTtl;
        }
    }

    /** The filter's registration with the servlet container (Spring Boot only). */
    public static class Filter {

        /**
         * The default order: just before Spring Security's filter chain, whose default order is
         * -100 ({@code SecurityFilterProperties.DEFAULT_FILTER_ORDER}), and after the filters that
         * prepare the request (character encoding, forwarded headers, form content), which run at
         * far lower orders.
         */
        public static final int DEFAULT_ORDER = -110;

        /**
         * Order of the filter in the servlet filter chain. The default runs it before Spring
         * Security's filter chain (-100), so that block mode stops a listed visitor before any
         * authentication work and the banner also reaches pages Spring Security renders itself.
         */
        private int order = DEFAULT_ORDER;

        /**
         * Dispatcher types the filter applies to.
         */
        private Set<DispatcherType> dispatcherTypes = new LinkedHashSet<>(
                List.of(DispatcherType.REQUEST, DispatcherType.ASYNC));

        public int getOrder() {
            return this.order;
        }

        public void setOrder(int order) {
            this.order = order;
        }

        public Set<DispatcherType> getDispatcherTypes() {
            return this.dispatcherTypes;
        }

        public void setDispatcherTypes(Set<DispatcherType> dispatcherTypes) {
            this.dispatcherTypes = dispatcherTypes;
        }
    }
}
